import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { DRILL_RESULTS } from "../../src/report/report-paths.ts";
import type { ScenarioResult } from "../../src/scenarios/scenario-result.ts";
import { repoRoot } from "../../src/util/paths.ts";
import { firedrill } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

const STANDIN = path.join(repoRoot, "test/support/k6-standin/k6");
const SCRIPT = "examples/k6/edge-read.ts";

async function results(): Promise<ScenarioResult[]> {
  return (JSON.parse(await readFile(DRILL_RESULTS, "utf8")) as { results: ScenarioResult[] }).results;
}

/** Traffic beside the probe on the shared lab: firedrill's own load, a k6 script (a stand-in here), and the latency fault. */
describe("traffic during a drill, and the latency fault (real lab)", function () {
  this.timeout(600_000);
  let shared: LabWithStack;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  it("drill --traffic load:rate=N keeps per-second p95 latency and error ratio in its results, judged with the latency budgets", async () => {
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "host-halt", "--traffic", "load:rate=50", "--budget", "p95LatencyMs=60000"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const [result] = await results();
    const traffic = result!.history.traffic!;
    assert.equal(traffic.source, "load");
    assert.equal(traffic.spec, "load:rate=50");
    // Every second of the recording: about 50 requests each, with its own percentiles and ratio.
    assert.ok(traffic.seconds.length >= 30, `${traffic.seconds.length} seconds`);
    // After the 5 s ramp (the rate climbs from 0 first), and before the last, partial second.
    const full = traffic.seconds.filter((s) => s.at >= traffic.seconds[0]!.at + 6000).slice(0, -1);
    assert.ok(full.every((s) => s.requests >= 45 && s.requests <= 55), full.map((s) => s.requests).join(" "));
    assert.ok(full.every((s) => s.p95 >= s.p50 && s.p99 >= s.p95 && s.errorRatio === s.failed / s.requests));
    const p95 = result!.checks.find((c) => c.name === "p95 latency")!;
    assert.equal(p95.status, "passed");
    assert.equal(p95.budget, 60_000);
    assert.match(p95.detail, /over \d+ requests of load:rate=50/);
    assert.ok(result!.checks.some((c) => c.name === "worst second's error ratio"));
  });

  it("drill --traffic k6:script fails the scenario when k6's output shows failing requests (a stand-in k6 replaying k6's own NDJSON)", async () => {
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "failed-upgrade-rollback", "--traffic", `k6:${SCRIPT}`, "--budget", "errorRatioPerSecond=0.05"], {
      FIREDRILL_K6: STANDIN,
      FIREDRILL_K6_STANDIN: "failing",
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const [result] = await results();
    assert.equal(result!.verdict, "failed");
    assert.equal(result!.history.traffic!.source, "k6");
    const worst = result!.checks.find((c) => c.name === "worst second's error ratio")!;
    assert.equal(worst.status, "failed", worst.detail);
    const thresholds = result!.checks.find((c) => c.name === "k6 thresholds")!;
    assert.equal(thresholds.status, "failed", thresholds.detail);
    // Every request counts: k6's failures are in the error ratio beside the probe's, split by source.
    const ratio = result!.checks.find((c) => c.name === "error ratio")!;
    assert.equal(ratio.status, "failed", ratio.detail);
    assert.match(ratio.detail, /probe \d+ of \d+.*k6 [1-9]\d* of \d+/);
  });

  it("fault latency --host H --ms 200 proves the delay by round trips, reverts it, and leaves no rule or proxy behind", async () => {
    const host = shared.lab.hosts.find((h) => !shared.lab.nodeOf(h.name).manager)!;
    const run = await firedrill(["fault", "latency", "--run", shared.lab.runId, "--host", host.name, "--ms", "200", "--for", "3s"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const ttfb = /median ([\d.]+)ms before, ([\d.]+)ms with the fault/.exec(run.stdout);
    assert.ok(ttfb, run.stdout);
    assert.ok(Number(ttfb[2]) - Number(ttfb[1]) >= 160, run.stdout);
    const after = /median ([\d.]+)ms after the revert/.exec(run.stdout);
    assert.ok(after && Number(after[1]) < 100, run.stdout);
    assert.match(run.stdout, /residue audit: clean/);
    const nat = await host.execOrThrow(["iptables", "-w", "-t", "nat", "-S", "PREROUTING"]);
    assert.doesNotMatch(nat, /firedrill:/);
    const processes = await host.execOrThrow(["sh", "-c", "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' '"]);
    assert.doesNotMatch(processes, /firedrill-delay proxy/);
  });
});
