import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { removeImages } from "../../images/remove-images.ts";
import { isEmpty, sweep } from "../../lab/sweep.ts";
import { runId as runIdArg } from "../cli-options.ts";

export function cleanCommand(done: (code: number) => void): Command {
  return new Command("clean")
    .description("remove everything firedrill labelled: every run's containers, networks and volumes, or one run's")
    .option("--run <id>", "only this run", runIdArg)
    .option("--images", "also remove firedrill's images (they are rebuilt on the next run)")
    .option("--json", "print what was removed as JSON")
    .addHelpText("after", "\nOnly objects labelled firedrill.run are touched; nothing else on the engine is.")
    .action(async (opts: { run?: string; images?: boolean; json?: boolean }) => {
      const engine = await connectEngine();
      const removed = await sweep(engine, opts.run);
      const images = opts.images ? await removeImages(engine) : [];
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
