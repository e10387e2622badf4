import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { removeImages } from "../../images/remove-images.ts";
import { removePreparedRoots } from "../../lab/prepared-root.ts";
import { FaultJournal } from "../../faults/fault-journal.ts";
import type { FiredrillError } from "../../errors/firedrill-error.ts";
import { revertRecordedFaults } from "../../faults/heal.ts";
import { isEmpty, sweep } from "../../lab/sweep.ts";
import { runId as runIdArg } from "../cli-options.ts";

export function cleanCommand(done: (code: number) => void): Command {
  return new Command("clean")
    .description("remove everything firedrill labelled: every run's containers, networks and volumes, or one run's")
    .option("--run <id>", "only this run", runIdArg)
    .option("--faults", "only revert the faults recorded as in effect, and keep the labs")
    .option("--images", "also remove firedrill's images (they are rebuilt on the next run)")
    .option("--json", "print what was removed as JSON")
    .addHelpText("after", "\nOnly objects labelled firedrill.run are touched; nothing else on the engine is.")
    .action(async (opts: { run?: string; faults?: boolean; images?: boolean; json?: boolean }) => {
      const engine = await connectEngine();
      const journal = new FaultJournal(engine, "");
      if (opts.faults) {
        const runs = opts.run ? [opts.run] : [...new Set((await journal.pending()).map((r) => r.runId))];
        const reverted: string[] = [];
        for (const run of runs) {
          try {
            reverted.push(...(await revertRecordedFaults(engine, run)));
          } catch (error) {
            // Over every run, a lab that stopped on its own is reported, not fatal: its
            // faults are in effect on nothing, and the other runs still get reverted.
            if (opts.run || (error as FiredrillError).code !== "LAB_NOT_RUNNING") throw error;
            process.stderr.write(`firedrill: ${(error as Error).message}\n  fix:  ${(error as FiredrillError).hint}\n`);
          }
        }
        if (opts.json) process.stdout.write(JSON.stringify({ reverted }) + "\n");
        else process.stdout.write(reverted.length ? reverted.map((l) => `${l}\n`).join("") : "no fault in effect\n");
        return done(0);
      }
      for (const record of await journal.pending(opts.run)) {
        process.stdout.write(`fault ${record.kind} on ${record.host} (${record.id}) was still in effect: removed with its lab\n`);
      }
      const removed = await sweep(engine, opts.run);
      // The prepared data roots are made from the images: they go with them.
      const images = opts.images ? [...(await removePreparedRoots(engine)), ...(await removeImages(engine))] : [];
      if (opts.json) {
        process.stdout.write(JSON.stringify({ ...removed, images }) + "\n");
      } else {
        const scope = opts.run ? `run ${opts.run}` : "all runs";
        if (isEmpty(removed) && images.length === 0) process.stdout.write(`nothing to remove (${scope})\n`);
        for (const [kind, names] of Object.entries({ ...removed, images })) {
          if (kind !== "failed" && names.length > 0) process.stdout.write(`removed ${names.length} ${kind}: ${names.join(", ")}\n`);
        }
        for (const failure of removed.failed ?? []) process.stdout.write(`could not remove ${failure}\n`);
      }
      done(removed.failed && removed.failed.length > 0 ? 2 : 0);
    });
}
