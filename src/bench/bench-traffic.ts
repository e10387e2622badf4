import { RECORDER_DEFAULTS } from "../history/recorder.ts";
import type { DeployedStack } from "../stack/deployed-stack.ts";
import { LoadTraffic } from "../traffic/load-traffic.ts";
import { loadTarget } from "../traffic/load-target.ts";
import { summarise } from "../traffic/second-buckets.ts";
import { parseTrafficSpec, type LoadSpec } from "../traffic/traffic-spec.ts";
import { raiseInstrumentPriority } from "../util/instrument-priority.ts";
import { log } from "../util/log.ts";

export interface TrafficStep {
  rate: number;
  requests: number;
  failed: number;
  /** How late requests left against their schedule (ms). */
  latenessP99: number;
  latenessMax: number;
  /** Latency at the edge, from the schedule (ms): the lab's answer as much as the generator's. */
  p99LatencyMs: number;
  /** The runner's CPU over the step, in % of one core. */
  cpuPercent: number;
  /** The runner's largest resident set seen during the step (MB). */
  peakRssMb: number;
  /** The generator kept its schedule: lateness p99 under one probe period. */
  kept: boolean;
  /** The lab answered at least 99% of it. Requests failing fast would keep any schedule, so a rate it did not serve is no figure of the generator's. */
  served: boolean;
}

export interface TrafficBench {
  edge: string;
  stepMs: number;
  limitMs: number;
  steps: TrafficStep[];
  /** The highest rate whose schedule was kept and which the lab served (every rate before it kept its schedule too). */
  sustained?: number;
}

/**
 * The highest rate firedrill's load sustains on this machine against the lab: each rate
 * for `stepMs`, in order, until one falls behind its schedule by more than one probe
 * period at the 99th percentile (the point where the drill's latency figures stop
 * counting as the platform's). Reads only (the stack's load reads and probe read), as a
 * drill sends them, with the runner at the priority a drill gives it.
 */
export async function benchTraffic(edgeUrl: string, deployed: DeployedStack, options: { rates: number[]; stepMs: number }): Promise<TrafficBench> {
  raiseInstrumentPriority();
  const limitMs = RECORDER_DEFAULTS.probePeriodMs;
  const steps: TrafficStep[] = [];
  for (const rate of options.rates) {
    const spec = parseTrafficSpec(`load:rate=${rate},writes=0,ramp=0`, "bench") as LoadSpec;
    const load = new LoadTraffic(spec, loadTarget(edgeUrl, deployed, "bench"));
    let peakRss = process.memoryUsage().rss;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const cpu = process.cpuUsage();
    const started = Date.now();
    await load.start();
    await new Promise((resolve) => setTimeout(resolve, options.stepMs));
    const record = await load.stop();
    const used = process.cpuUsage(cpu);
    clearInterval(rssTimer);
    const summary = summarise(record.seconds);
    const step: TrafficStep = {
      rate,
      requests: summary?.requests ?? 0,
      failed: summary?.failed ?? 0,
      latenessP99: record.lateness?.p99 ?? 0,
      latenessMax: record.lateness?.max ?? 0,
      p99LatencyMs: summary?.p99 ?? 0,
      cpuPercent: Math.round(((used.user + used.system) / 1000 / (Date.now() - started)) * 100),
      peakRssMb: Math.round(peakRss / 1e6),
      kept: (record.lateness?.p99 ?? Infinity) < limitMs,
      served: (summary?.failed ?? 0) <= (summary?.requests ?? 0) * 0.01,
    };
    steps.push(step);
    log("bench", `${rate}/s: lateness p99 ${step.latenessP99}ms (max ${step.latenessMax}), ${step.failed} of ${step.requests} failed, runner CPU ${step.cpuPercent}%, RSS ${step.peakRssMb} MB`);
    if (!step.kept) break;
  }
  const sustained = steps.filter((s) => s.kept && s.served).at(-1)?.rate;
  return { edge: edgeUrl, stepMs: options.stepMs, limitMs, steps, ...(sustained === undefined ? {} : { sustained }) };
}

export function formatTrafficBench(bench: TrafficBench): string {
  const rows = bench.steps.map(
    (s) =>
      `${String(s.rate).padStart(6)}/s  ${String(s.latenessP99).padStart(6)}ms ${String(s.latenessMax).padStart(6)}ms  ${`${s.failed}/${s.requests}`.padStart(11)}  ${String(s.p99LatencyMs).padStart(7)}ms  ${String(s.cpuPercent).padStart(4)}%  ${String(s.peakRssMb).padStart(5)} MB  ${s.kept ? (s.served ? "kept" : "kept, not served by the lab") : "fell behind"}`,
  );
  const verdict =
    bench.sustained === undefined
      ? `no rate kept its schedule (lateness p99 under ${bench.limitMs}ms)`
      : `sustained: ${bench.sustained} requests/s with schedule lateness p99 under ${bench.limitMs}ms (one probe period), served by the lab`;
  return [`    rate  late p99  late max  failed/sent  lat p99   CPU     RSS`, ...rows, "", verdict].join("\n");
}
