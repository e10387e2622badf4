import assert from "node:assert/strict";
import { DEFAULT_LEASE_MS, DEFAULT_MAX_MS, faultLimits } from "../../../src/agent/fault-limits.ts";

describe("fault limits (lease and maximum duration)", () => {
  it("defaults to a 30 s lease and a 20 min maximum", () => {
    assert.deepEqual(faultLimits({}, {}), { leaseMs: DEFAULT_LEASE_MS, maxMs: DEFAULT_MAX_MS });
    assert.equal(DEFAULT_LEASE_MS, 30_000);
  });

  it("reads FIREDRILL_LEASE and FIREDRILL_FAULT_MAX as durations; given values win", () => {
    assert.deepEqual(faultLimits({}, { FIREDRILL_LEASE: "10s", FIREDRILL_FAULT_MAX: "2m" }), { leaseMs: 10_000, maxMs: 120_000 });
    assert.deepEqual(faultLimits({ maxMs: 6000 }, { FIREDRILL_LEASE: "1m" }), { leaseMs: 60_000, maxMs: 6000 }, "a maximum shorter than the lease stands");
  });

  it("keeps a lease of at least 3 s (renewed every third of it)", () => {
    assert.equal(faultLimits({ leaseMs: 100 }, {}).leaseMs, 3000);
  });

  it("refuses a malformed duration, naming the variable", () => {
    assert.throws(() => faultLimits({}, { FIREDRILL_LEASE: "soon" }), /FIREDRILL_LEASE: "soon" is not a duration/);
  });
});
