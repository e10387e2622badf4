import assert from "node:assert/strict";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { SecondBuckets } from "../../../src/traffic/second-buckets.ts";
import { trafficOf } from "../../../src/traffic/traffic-of.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";

const T = 1_714_557_600_000;

describe("the traffic a scenario's figures are taken from", () => {
  it("is the probe's own samples, bucketed by second, when no load ran", () => {
    const samples: ProbeSample[] = [
      { start: T + 100, latencyMs: 10, status: 200, ok: true },
      { start: T + 600, latencyMs: 30, status: 200, ok: true },
      { start: T + 1100, latencyMs: 2000, error: "timeout", ok: false },
      { start: T + 1600, latencyMs: 20, status: 200, ok: true },
    ];
    const record = trafficOf({ samples });
    assert.equal(record.source, "probe");
    assert.equal(record.spec, "probe");
    assert.equal(record.rate, undefined);
    assert.equal(record.lateness, undefined);
    assert.deepEqual(
      record.seconds.map((s) => ({ at: s.at - T, requests: s.requests, failed: s.failed, max: s.max })),
      [
        { at: 0, requests: 2, failed: 0, max: 30 },
        { at: 1000, requests: 2, failed: 1, max: 2000 },
      ],
    );
  });

  it("counts a late probe from its scheduled start: in the second it was due, its lateness added to its latency", () => {
    // Due at T+900, sent 200 ms late at T+1100, answered 50 ms later: a user waited 250 ms, from T+900.
    const record = trafficOf({ samples: [{ start: T + 1100, latencyMs: 50, status: 200, ok: true, lateMs: 200 }] });
    assert.equal(record.seconds.length, 1);
    assert.equal(record.seconds[0]!.at, T);
    assert.equal(record.seconds[0]!.max, 250);
    assert.equal(record.seconds[0]!.p50, 250);
  });

  it("takes a sample without lateMs as sent on time", () => {
    const record = trafficOf({ samples: [{ start: T + 1100, latencyMs: 50, status: 200, ok: true }] });
    assert.equal(record.seconds[0]!.at, T + 1000);
    assert.equal(record.seconds[0]!.max, 50);
  });

  it("is no seconds at all for no samples", () => {
    assert.deepEqual(trafficOf({ samples: [] }).seconds, []);
  });

  it("is the load's record as it is when one ran, never the probe's samples", () => {
    const buckets = new SecondBuckets();
    buckets.record(T, 12, true);
    const traffic: TrafficRecord = { source: "load", spec: "load:rate=200", rate: 200, seconds: buckets.seconds(), lateness: { p99: 3, max: 5 } };
    const record = trafficOf({ samples: [{ start: T + 5000, latencyMs: 900, error: "timeout", ok: false }], traffic });
    assert.equal(record, traffic);
  });
});
