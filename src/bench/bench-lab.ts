import { spawnSync } from "node:child_process";
import type Docker from "dockerode";
import { bringUp, labImagesFor, preparedRootFor } from "../drill/bring-up.ts";
import { removePreparedRoots } from "../lab/prepared-root.ts";
import { removeImages } from "../images/remove-images.ts";
import type { Stack } from "../stack/stack.ts";
import { log } from "../util/log.ts";
import { median } from "./median.ts";
import { machineFigures, type MachineFigures, runnerPeakRssMb } from "../util/runner-figures.ts";

export interface LabBenchResult {
  machine: MachineFigures;
  /** The runner's peak resident memory over the whole benchmark. */
  runnerPeakRssMb?: number;
  coldBuildMs?: number;
  /** Making the prepared data root the hosts start from, once per image set (after a cold build). */
  preparedRootMs?: number;
  runs: Array<{ totalMs: number; phases: Array<[string, number]> }>;
}

/**
 * Cold image build (every firedrill image removed first), then `runs` warm bring-ups
 * of lab and stack, each torn down before the next. Timings come from the phases the
 * lab itself records, so the benchmark measures exactly what users wait for.
 */
export async function benchLab(docker: Docker, stack: Stack, options: { runs: number; cold: boolean }): Promise<LabBenchResult> {
  const result: LabBenchResult = { machine: machineFigures(), runs: [] };
  if (options.cold) {
    log("bench", "cold build: removing firedrill's images and prepared data roots");
    await removePreparedRoots(docker);
    await removeImages(docker);
    const t0 = Date.now();
    const images = await labImagesFor(docker, stack);
    result.coldBuildMs = Date.now() - t0;
    const t1 = Date.now();
    await preparedRootFor(docker, stack, images);
    result.preparedRootMs = Date.now() - t1;
    // The builds leave gigabytes of writes in the page cache; flushed now, the warm runs
    // measure a warm lab and not the tail of the cold build's disk traffic.
    log("bench", "flushing the cold build's writes to disk before the warm runs");
    spawnSync("sync");
  }
  for (let i = 1; i <= options.runs; i++) {
    log("bench", `warm bring-up ${i}/${options.runs}`);
    const t0 = Date.now();
    const { lab } = await bringUp({}, stack, docker);
    const totalMs = Date.now() - t0;
    result.runs.push({ totalMs, phases: [...lab.timings] });
    await lab.stop();
  }
  result.runnerPeakRssMb = runnerPeakRssMb();
  return result;
}

export function formatLabBench(result: LabBenchResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const lines: string[] = [`machine: ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}`];
  if (result.coldBuildMs !== undefined) lines.push(`cold image build          ${s(result.coldBuildMs)}`);
  if (result.preparedRootMs !== undefined) lines.push(`prepared data root        ${s(result.preparedRootMs)}   (once per image set)`);
  const totals = result.runs.map((r) => r.totalMs);
  lines.push(`warm bring-up (median of ${totals.length}) ${s(median(totals))}   runs: ${totals.map(s).join(", ")}`);
  const names = result.runs[0]?.phases.map(([name]) => name) ?? [];
  for (const name of names) {
    const values = result.runs.map((r) => r.phases.find(([n]) => n === name)?.[1] ?? Number.NaN);
    lines.push(`  ${name.padEnd(28)} ${s(median(values)).padStart(7)}   (${values.map(s).join(", ")})`);
  }
  const accounted = median(result.runs.map((r) => r.phases.reduce((sum, [, ms]) => sum + ms, 0)));
  lines.push(`  ${"other (checks, image lookup)".padEnd(28)} ${s(median(totals) - accounted).padStart(7)}`);
  if (result.runnerPeakRssMb !== undefined) lines.push(`runner peak RSS           ${result.runnerPeakRssMb} MB`);
  return lines.join("\n");
}
