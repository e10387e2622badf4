import assert from "node:assert/strict";
import { checkDowntime, checkLongestGap } from "../../../src/checks/downtime.ts";
import { checkErrorRatio } from "../../../src/checks/error-ratio.ts";
import { failedRequestsBetween } from "../../../src/checks/failed-requests.ts";
import { judge, verdictOf } from "../../../src/checks/judge.ts";
import { checkTimeToRecover } from "../../../src/checks/time-to-recover.ts";
import { type LiteralRequest, trafficFrom } from "../../support/traffic-fixture.ts";
import { history, probe } from "./fixtures.ts";

/**
 * Blue-green under a load of 200/s: the probe (a fresh connection per request) sees every
 * answer, while the front lb resets 40% of the load's kept-alive connections in the two
 * cutovers (T0+1s to T0+2s and T0+3s to T0+4s). Before, every figure read the probe alone:
 * "failed requests during the cutovers: 0 of 200", passed.
 */
function cutoverUnderLoad() {
  const samples = probe("+".repeat(50));
  const load: LiteralRequest[] = [];
  for (let at = 0; at < 5000; at += 5) {
    const cutover = (at >= 1000 && at < 2000) || (at >= 3000 && at < 4000);
    load.push({ at, latencyMs: 3, ok: !(cutover && (at / 5) % 5 < 2) });
  }
  return history({ t0: 0, windowEnd: 4999, samples, traffic: trafficFrom(load, { spec: "load:rate=200", rate: 200 }) });
}

describe("every request firedrill sent is judged", () => {
  it("counts the load's failed requests in a cutover's zero budget, with the split by source", () => {
    const h = cutoverUnderLoad();
    const r = failedRequestsBetween(h, 1000, 4999, 0, "failed requests during the cutovers");
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 160);
    assert.match(r.detail, /^160 of 840 requests failed: probe 0 of 40, load reads 160 of 800/);
  });

  it("counts them in the error ratio, and a failed load request is a failed interval for downtime and the longest gap", () => {
    const h = cutoverUnderLoad();
    const ratio = checkErrorRatio(h, { errorRatio: 0 });
    assert.equal(ratio.status, "failed");
    assert.equal(ratio.measured, 160 / 1050);
    assert.match(ratio.detail, /\(probe 0 of 50, load reads 160 of 1000\)/);
    // Two of every five load requests fail in a row: each such pair is down until the next success, 10 ms after the first.
    assert.equal(checkDowntime(h, { downtimeMs: 0 }).measured, 80 * 10);
    assert.equal(checkLongestGap(h, { longestGapMs: 0 }).measured, 10);
    assert.equal(checkTimeToRecover(h, { timeToRecoverMs: 15_000 }).measured, 3985, "the first success after the last failed load request (T0+3980ms)");
    assert.equal(verdictOf(judge(h, { errorRatio: 0 })), "failed");
  });

  it("counts the load's writes and the durability writes: a user whose write failed met a failure", () => {
    const samples = probe("+".repeat(30));
    const writes = [{ at: 1000, title: "w1", ok: false, error: "status 500", latencyMs: 20 }];
    const load = trafficFrom([{ at: 2000, latencyMs: 4, ok: false, write: true }, { at: 2005, latencyMs: 4, ok: true }], { spec: "load:rate=200", rate: 200 });
    const h = history({ t0: 0, windowEnd: 2999, samples, writes, traffic: load });
    const r = checkErrorRatio(h, {});
    assert.equal(r.measured, 2 / 33);
    assert.match(r.detail, /probe 0 of 30, durability writes 1 of 1, load reads 0 of 1, load writes 1 of 1/);
  });

  it("counts a load request by its own scheduled time: one sent after the window (in the restore) does not count", () => {
    const samples = probe("+".repeat(20));
    const load = trafficFrom([{ at: 1900, latencyMs: 4, ok: true }, { at: 1999, latencyMs: 4, ok: true }, { at: 2001, latencyMs: 4, ok: false }], { spec: "load:rate=200", rate: 200 });
    const h = history({ t0: 0, windowEnd: 1999, samples, traffic: load });
    assert.equal(checkErrorRatio(h, { errorRatio: 0 }).status, "passed", "the request at T0+2001ms is after the window, in the same second");
  });

  it("does not let the load's kept-alive successes close an outage every new connection met", () => {
    // Fresh connections (the probe's) refused for 5 s; the load's kept-alive ones answered throughout.
    const samples = [...probe("-".repeat(50)), ...probe("+".repeat(100), { start: 5000 })];
    const load = trafficFrom(Array.from({ length: 3000 }, (_, i) => ({ at: i * 5 + 2, latencyMs: 3, ok: true })), { spec: "load:rate=200", rate: 200 });
    const h = history({ t0: 0, windowEnd: 14_999, samples, traffic: load });
    const gap = checkLongestGap(h, { longestGapMs: 2000 });
    assert.equal(gap.status, "failed", gap.detail);
    assert.equal(gap.measured, 5000);
    assert.equal(checkTimeToRecover(h, { timeToRecoverMs: 4000 }).status, "failed");
  });

  it("counts the durability writes in the error ratio but does not time an outage by them: one failed write every 2 s is not a 2 s gap", () => {
    const writes = [{ at: 1000, title: "w1", ok: false, error: "status 500", latencyMs: 20 }, { at: 3000, title: "w2", ok: true, itemId: "2", latencyMs: 20 }];
    const h = history({ t0: 0, windowEnd: 3900, samples: probe("+".repeat(40)), writes });
    assert.equal(checkLongestGap(h, { longestGapMs: 0 }).measured, 0);
    assert.equal(checkErrorRatio(h, {}).measured, 1 / 42);
  });

  it("keeps the figures the probe alone gave when no other request was sent", () => {
    const h = history({ t0: 0, windowEnd: 1900, samples: probe("+++----++++++++++++++") });
    assert.equal(checkDowntime(h, {}).measured, 400);
    assert.equal(checkTimeToRecover(h, {}).measured, 700);
    assert.equal(checkErrorRatio(h, {}).measured, 4 / 20);
  });
});
