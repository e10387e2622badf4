import assert from "node:assert/strict";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { judge, verdictOf } from "../../../src/checks/judge.ts";
import { runCheck } from "../../../src/checks/run-check.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { history, probe, service, snapshot } from "./fixtures.ts";

const result = (status: CheckResult["status"]): CheckResult => ({ name: status, status, unit: "ms", detail: "" });

describe("judging a history", () => {
  it("turns a check that throws into unknown with the error's message", () => {
    const r = runCheck("downtime", "ms", () => {
      throw new Error("boom");
    }, 5000);
    assert.deepEqual(r, { name: "downtime", unit: "ms", status: "unknown", budget: 5000, detail: "could not be checked: boom" });
    const thrownString = runCheck("x", "count", () => {
      throw "not an Error";
    });
    assert.equal(thrownString.detail, "could not be checked: not an Error");
  });

  it("runs every standard check in a fixed order", () => {
    const services = [service("wp_wordpress", "replicated", 1)];
    const h = history({
      t0: 1000,
      windowEnd: 2400,
      // Fails 1200-1500, recovered from 1600 on.
      samples: probe("++ ---- +++++++++", { start: 1000 }),
      services: ["wp_wordpress"],
      cluster: [snapshot(1000, { services, tasks: { wp_wordpress: [] } }), snapshot(2000, { services, tasks: { wp_wordpress: ["host-1"] } })],
    });
    const results = judge(h, { timeToRecoverMs: 600, downtimeMs: 300, errorRatio: 0.25, convergenceMs: 1000 });
    assert.deepEqual(
      results.map((r) => [r.name, r.status, r.measured, r.budget]),
      [
        // Judgements of a rule count what broke it, none allowed: shown passed, not reported.
        ["probe schedule", "passed", 0, 0],
        ["time to recover", "passed", 600, 600],
        ["downtime", "failed", 400, 300],
        ["longest gap", "passed", 400, undefined],
        ["error ratio", "failed", 4 / 15, 0.25],
        ["worst second's error ratio", "passed", 0.4, undefined],
        ["p95 latency", "passed", 100, undefined],
        ["p99 latency", "passed", 100, undefined],
        ["convergence", "passed", 1000, 1000],
        ["durability", "passed", 0, 0],
        ["observation settled", "passed", 0, 0],
      ],
    );
    assert.equal(verdictOf(results), "failed");
  });

  it("gives unknown for the checks a malformed history breaks, and judges the rest", () => {
    const services = [service("wp_wordpress", "replicated", 1)];
    const h = history({
      t0: 0,
      windowEnd: 1000,
      samples: null as unknown as ProbeSample[],
      services: ["wp_wordpress"],
      cluster: [snapshot(0, { services, tasks: { wp_wordpress: ["host-1"] } })],
    });
    const results = judge(h, {});
    assert.deepEqual(
      results.map((r) => r.status),
      ["unknown", "unknown", "unknown", "unknown", "unknown", "unknown", "unknown", "unknown", "passed", "passed", "passed"],
    );
    assert.match(results[0]!.detail, /^could not be checked: /);
    assert.equal(verdictOf(results), "broken");
  });

  it("makes the verdict: a failure outranks an unknown, an unknown keeps it from passing", () => {
    assert.equal(verdictOf([result("passed"), result("passed")]), "passed");
    assert.equal(verdictOf([result("passed"), result("unknown")]), "broken");
    assert.equal(verdictOf([result("unknown"), result("failed"), result("passed")]), "failed");
    assert.equal(verdictOf([result("failed")]), "failed");
    assert.equal(verdictOf([]), "broken");
  });
});
