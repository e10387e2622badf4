import assert from "node:assert/strict";
import { decodeRequests, encodeRequests, LATE_KEPT_MS, RequestLog } from "../../../src/traffic/request-log.ts";

describe("request log", () => {
  it("round-trips requests in schedule order, whatever order they ended in", () => {
    const log = new RequestLog();
    log.add({ at: 1010, latencyMs: 30, ok: true });
    log.add({ at: 1000, latencyMs: 900, ok: false, write: true, lateMs: 120 });
    log.add({ at: 1005, latencyMs: 4, ok: true, lateMs: LATE_KEPT_MS - 1 });
    assert.deepEqual(decodeRequests(log.encode()), [
      { at: 1000, latencyMs: 900, ok: false, write: true, lateMs: 120 },
      { at: 1005, latencyMs: 4, ok: true, write: false, lateMs: 0 },
      { at: 1010, latencyMs: 30, ok: true, write: false, lateMs: 0 },
    ]);
  });

  it("keeps a load's 30 000 requests in a few hundred KB: times as deltas, the rest as indices", () => {
    const requests = Array.from({ length: 30_000 }, (_, i) => ({ at: 1_714_557_600_000 + i * 5, latencyMs: 3 + (i % 7), ok: i % 100 !== 0, write: i % 20 === 0, lateMs: 0 }));
    const encoded = encodeRequests(requests);
    assert.ok(JSON.stringify(encoded).length < 250_000, String(JSON.stringify(encoded).length));
    assert.deepEqual(decodeRequests(encoded), requests);
  });

  it("turns the latest answered success before a moment into a failure (a failed check), and nothing after it", () => {
    const log = new RequestLog();
    log.add({ at: 0, latencyMs: 10, ok: true });
    log.add({ at: 5, latencyMs: 100, ok: true });
    log.failLatestBefore(50);
    assert.deepEqual(decodeRequests(log.encode()).map((r) => r.ok), [false, true], "the second ended at 105, after the check");
  });

  it("says whether a request scheduled since a moment failed, looking back only as far as a request can take", () => {
    const log = new RequestLog();
    log.add({ at: 0, latencyMs: 10, ok: false });
    log.add({ at: 100, latencyMs: 10, ok: true });
    log.add({ at: 200, latencyMs: 10, ok: true });
    assert.equal(log.failedSince(50, 2000), false);
    assert.equal(log.failedSince(0, 2000), true);
    log.add({ at: 150, latencyMs: 900, ok: false });
    assert.equal(log.failedSince(100, 2000), true, "a slow request that ended last, scheduled after the moment");
  });
});
