import assert from "node:assert/strict";
import { measureDowntime } from "../../src/checks/downtime.ts";
import { lengthOf } from "../../src/checks/failed-intervals.ts";
import { timeToRecover } from "../../src/checks/time-to-recover.ts";
import { setEdgeBackends } from "../../src/lab/edge-admin.ts";
import { HttpProbe } from "../../src/probe/http-probe.ts";
import { sleep } from "../../src/util/wait-for.ts";
import type { LabWithSite } from "../../src/stack/bring-up.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * Figures are only as good as the probe. Outages of known length are made by taking
 * every host out of the edge's rotation through its runtime API (a command whose effect
 * is immediate and whose timing the test knows to the millisecond), and each measured
 * edge must come within one probe period of the truth.
 */
describe("calibration: known outages are measured within one probe period (real lab)", function () {
  this.timeout(120_000);
  const PERIOD = 100;
  let shared: LabWithSite;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  /** Blocks the edge for each [offset, length] (ms after T0); returns the truth. */
  async function outage(segments: Array<[number, number]>) {
    const { lab, site } = shared;
    const hosts = lab.hosts.map((h) => h.name);
    const probe = new HttpProbe({ url: `${lab.edge.url}/?rest_route=/wp/v2/posts/${site.seedPostId}`, periodMs: PERIOD }).start();
    await sleep(1500);
    const t0 = Date.now();
    const blocked: number[] = [];
    let lastEnd = t0;
    try {
      for (const [offset, length] of segments) {
        await sleep(Math.max(0, t0 + offset - Date.now()));
        await setEdgeBackends(lab.edge.adminPort, hosts, "maint");
        const down = Date.now();
        await sleep(Math.max(0, down + length - Date.now()));
        await setEdgeBackends(lab.edge.adminPort, hosts, "ready");
        lastEnd = Date.now();
        blocked.push(lastEnd - down);
      }
    } finally {
      await setEdgeBackends(lab.edge.adminPort, hosts, "ready");
    }
    await sleep(2000);
    const samples = await probe.stop();
    const window = { samples, t0, windowEnd: Date.now() };
    return { window, truth: { blocked, downtimeMs: blocked.reduce((a, b) => a + b, 0), recoveredAfterMs: lastEnd - t0, longestMs: Math.max(...segments.map(([, l]) => l)) } };
  }

  /**
   * Within one probe period. A runner that stalls (a loaded CI machine) sends a request
   * late and cannot see more finely than that; the probe records how late, so the
   * allowance grows by the longest stall it recorded, and the stall is in the message.
   */
  function assertWithinPeriod(measured: number | undefined, truth: number, what: string, window: { samples: Array<{ lateMs?: number }> }, periods = 1) {
    const stall = Math.max(0, ...window.samples.map((s) => s.lateMs ?? 0));
    assert.ok(measured !== undefined, `${what}: no figure`);
    assert.ok(Math.abs(measured - truth) <= periods * PERIOD + stall, `${what}: measured ${measured} ms, truth ${truth} ms (longest probe stall ${stall} ms)`);
    assert.ok(stall < 500, `the runner stalled ${stall} ms: the calibration says nothing`);
  }

  for (const [name, segments] of [
    ["a 5 s outage", [[0, 5000]]],
    ["a 30 s outage", [[0, 30_000]]],
    ["an intermittent outage (1 s down, 1 s up, for 10 s)", [[0, 1000], [2000, 1000], [4000, 1000], [6000, 1000], [8000, 1000]]],
  ] as Array<[string, Array<[number, number]>]>) {
    it(`${name}: downtime, longest gap and time to recover`, async () => {
      const { window, truth } = await outage(segments);
      const down = measureDowntime(window);
      // Downtime is a sum: each outage's two edges are seen within a period, so the
      // total is within one period per outage.
      assert.equal(down?.intervals.length, segments.length, "one failed interval per outage");
      down?.intervals.forEach((interval, i) => assertWithinPeriod(lengthOf(interval), truth.blocked[i] ?? 0, `outage ${i + 1}`, window));
      assertWithinPeriod(down?.downtimeMs, truth.downtimeMs, "downtime", window, segments.length);
      assertWithinPeriod(down?.longestGapMs, truth.longestMs, "longest gap", window);
      const recovery = timeToRecover(window, 5);
      assert.equal(recovery.kind, "recovered");
      assertWithinPeriod(recovery.kind === "recovered" ? recovery.ms : undefined, truth.recoveredAfterMs, "time to recover", window);
    });
  }
});
