import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { knownRuns } from "../../lab/sweep.ts";

export function runsCommand(done: (code: number) => void): Command {
  return new Command("runs")
    .description("list the runs that have anything on this engine")
    .option("--json", "print them as JSON")
    .action(async (opts: { json?: boolean }) => {
      const runs = [...(await knownRuns(await connectEngine())).entries()].map(([runId, r]) => ({ runId, ...r }));
      if (opts.json) process.stdout.write(JSON.stringify(runs) + "\n");
      else if (runs.length === 0) process.stdout.write("no runs on this engine\n");
      else for (const r of runs) process.stdout.write(`${r.runId.padEnd(16)} ${r.detached ? "detached" : "attached"}  owner ${r.owner ?? "?"}\n`);
      done(0);
    });
}
