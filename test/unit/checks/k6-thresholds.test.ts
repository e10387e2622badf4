import assert from "node:assert/strict";
import { checkK6Thresholds } from "../../../src/checks/k6-thresholds.ts";
import type { K6Outcome, TrafficRecord } from "../../../src/traffic/traffic-record.ts";

const THRESHOLDS = ["http_req_duration: p(95)<200", "http_req_failed: rate<0.01"];

/** A k6 script's traffic that ended with this outcome. */
function k6(outcome: Partial<K6Outcome> | undefined, extra: Partial<TrafficRecord> = {}): { traffic: TrafficRecord } {
  return {
    traffic: {
      source: "k6",
      spec: "k6:examples/k6/edge-read.ts",
      seconds: [],
      ...(outcome ? { k6: { exitCode: 0, thresholds: THRESHOLDS, ...outcome } } : {}),
      ...extra,
    },
  };
}

/** The one check, known to be there. */
function only(history: { traffic?: TrafficRecord }) {
  const checks = checkK6Thresholds(history);
  assert.equal(checks.length, 1);
  assert.equal(checks[0]!.name, "k6 thresholds");
  return checks[0]!;
}

describe("k6 thresholds", () => {
  it("makes no check without k6 traffic: the probe alone, or firedrill's load", () => {
    assert.deepEqual(checkK6Thresholds({}), []);
    assert.deepEqual(checkK6Thresholds({ traffic: { source: "load", spec: "load:rate=200", seconds: [], k6: { exitCode: 99, thresholds: [] } } }), []);
    assert.deepEqual(checkK6Thresholds({ traffic: { source: "probe", spec: "probe", seconds: [] } }), []);
  });

  it("passes when k6 exited 0: every threshold held", () => {
    const r = only(k6({ exitCode: 0 }));
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "k6:examples/k6/edge-read.ts: every threshold held (http_req_duration: p(95)<200; http_req_failed: rate<0.01)");
  });

  it("says so when a script that exited 0 declared no threshold", () => {
    assert.match(only(k6({ exitCode: 0, thresholds: [] })).detail, /every threshold held \(none declared\)$/);
  });

  it("fails when k6 exited 99, naming the thresholds crossed", () => {
    const r = only(k6({ exitCode: 99, failedThresholds: ["http_req_duration: p(95)<200"] }));
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 1);
    assert.equal(r.budget, 0);
    assert.equal(r.detail, "k6:examples/k6/edge-read.ts: thresholds crossed (k6 exit 99): http_req_duration: p(95)<200");
  });

  it("fails on exit 99 without a summary, naming the declared thresholds instead", () => {
    const r = only(k6({ exitCode: 99 }));
    assert.equal(r.status, "failed");
    assert.match(r.detail, /thresholds crossed \(k6 exit 99\): http_req_duration: p\(95\)<200; http_req_failed: rate<0\.01$/);
  });

  it("is unknown, not failed, for any other exit, with the last lines of k6's stderr", () => {
    const stderrTail = ["line 1", "line 2", 'level=error msg="GoError: cannot open script"', "exit status 107"].join("\n");
    const r = only(k6({ exitCode: 107, stderrTail }));
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, 'k6:examples/k6/edge-read.ts: k6 exited 107: line 2 / level=error msg="GoError: cannot open script" / exit status 107');
    assert.equal(only(k6({ exitCode: 255 })).detail, "k6:examples/k6/edge-read.ts: k6 exited 255");
  });

  it("is unknown when the k6 traffic carries an error, whatever its exit", () => {
    const r = only(k6({ exitCode: 0 }, { error: "the output file could not be read" }));
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "k6 gave no outcome: the output file could not be read");
  });

  it("is unknown when the script ended by itself before the window did, whatever its exit: its thresholds saw half the window", () => {
    for (const exitCode of [0, 99]) {
      const r = only(k6({ exitCode, endedEarly: true }));
      assert.equal(r.status, "unknown");
      assert.equal(r.detail, `k6:examples/k6/edge-read.ts ended before the window did (exit ${exitCode}): give the script a duration longer than a scenario, firedrill stops it`);
    }
  });

  it("is unknown when no exit was recorded", () => {
    const r = only(k6(undefined));
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "k6 gave no outcome: no exit was recorded");
  });
});
