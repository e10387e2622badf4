import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { outputsIn, writeDrillOutputs } from "./drill-outputs.ts";
import { type MergedResults, mergeResults, type ShardResults } from "./merge-results.ts";
import { readResultsFile } from "./run-record.ts";
import { inputError } from "../errors/firedrill-error.ts";
import { paths } from "../util/paths.ts";
import { generateReport } from "../report/generate-report.ts";
import { ALLURE_RESULTS } from "../report/report-paths.ts";

/**
 * report --merge: the Allure results of several shards (each a folder a drill wrote,
 * its FIREDRILL_REPORTS) as one report, with the previous report's history, and their
 * results merged into this folder's junit.xml and drill-results.json. The shards must
 * be parts of one drill (mergeResults says what that means); nothing in them changes.
 */
export async function mergeReport(dirs: readonly string[]): Promise<MergedResults & { reportDir: string; keptHistory: boolean }> {
  const shards: ShardResults[] = [];
  const resultDirs: string[] = [];
  for (const dir of dirs.map((d) => path.resolve(d))) {
    if (dir === paths.reports) {
      throw inputError("MERGE_OPTIONS", `${dir} is where the merged report goes, so it cannot also be a shard's folder`, "Give each shard its own FIREDRILL_REPORTS (reports/shards/shard-1, ...) and merge those.");
    }
    const file = outputsIn(dir).results;
    shards.push({ file, content: await readResultsFile(file) });
    const results = path.join(dir, path.basename(ALLURE_RESULTS));
    const files = await readdir(results).catch(() => [] as string[]);
    if (!files.some((f) => f.endsWith("-result.json"))) throw inputError("NO_RESULTS", `${results} holds no Allure results`, "Give the folders the shards' drills wrote (each one's FIREDRILL_REPORTS).");
    resultDirs.push(results);
  }
  const merged = mergeResults(shards);
  await rm(ALLURE_RESULTS, { recursive: true, force: true });
  await mkdir(ALLURE_RESULTS, { recursive: true });
  for (const dir of resultDirs) {
    // Each result and attachment has a unique name; a shard's own copy of the history is not the trend.
    for (const entry of await readdir(dir)) {
      if (entry === "history") continue;
      const from = path.join(dir, entry);
      if ((await stat(from)).isFile()) await cp(from, path.join(ALLURE_RESULTS, entry));
    }
  }
  await writeDrillOutputs({ run: merged.run, results: merged.results });
  const { reportDir, keptHistory } = await generateReport();
  return { ...merged, reportDir, keptHistory };
}
