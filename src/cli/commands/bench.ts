import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { benchLab, formatLabBench } from "../../bench/bench-lab.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { paths } from "../../util/paths.ts";
import { integer } from "../cli-options.ts";

export function benchCommand(done: (code: number) => void): Command {
  const bench = new Command("bench").description("measure firedrill's own speed; prints figures, asserts nothing");
  bench
    .command("lab")
    .description("cold image build time, and warm lab + stack bring-up time split by phase (median of --runs)")
    .option("--runs <n>", "warm bring-ups to take the median of", integer(1, 20), 3)
    .option("--no-cold", "skip the cold build (keeps the images)")
    .action(async (opts: { runs: number; cold: boolean }) => {
      const result = await benchLab(await connectEngine(), opts);
      process.stdout.write(formatLabBench(result) + "\n");
      await mkdir(paths.reports, { recursive: true });
      await writeFile(path.join(paths.reports, "bench-lab.json"), JSON.stringify(result, null, 2));
      done(0);
    });
  return bench;
}
