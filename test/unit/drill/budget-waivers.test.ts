import assert from "node:assert/strict";
import { budgetWaivers, waiverText } from "../../../src/drill/budget-waivers.ts";

const scenarios = [
  { name: "a", budget: { errorRatio: 0.02, convergenceMs: 45_000, timeToRecoverMs: 15_000, failedRequests: 0 } },
  { name: "b", budget: { errorRatio: 0.01 } },
];

describe("budget waivers", () => {
  it("name, for each loosened field, the layer that set what the scenario was judged against: its own, then --budget, then the profile's", () => {
    const waivers = budgetWaivers(scenarios, {
      all: { timeToRecoverMs: 20_000, errorRatio: 0.03 },
      flags: { errorRatio: 0.04 },
      byScenario: { a: { convergenceMs: 90_000 }, b: { errorRatio: 0.05 } },
    });
    assert.deepEqual(
      waivers.map((w) => [w.scenario, w.field, w.default, w.allowed, w.source]).sort(),
      [
        ["a", "convergenceMs", 45_000, 90_000, "scenarioBudgets.a"],
        ["a", "errorRatio", 0.02, 0.04, "--budget"],
        ["a", "timeToRecoverMs", 15_000, 20_000, "budgets"],
        ["b", "errorRatio", 0.01, 0.05, "scenarioBudgets.b"],
      ],
    );
  });

  it("are none for a budget equal to the default, tighter, or one the scenario has no default for", () => {
    assert.deepEqual(budgetWaivers(scenarios, { all: { errorRatio: 0.01, convergenceMs: 45_000 }, byScenario: { b: { convergenceMs: 999_000 } } }), []);
  });

  it("count a budget of 0 raised above it (no failed request allowed, now some are)", () => {
    assert.deepEqual(budgetWaivers(scenarios, { byScenario: { a: { failedRequests: 3 } } }).map((w) => [w.field, w.default, w.allowed]), [["failedRequests", 0, 3]]);
  });

  it("read as the field, the figure allowed and the default, each in its own unit, and where it came from", () => {
    const [ms, ratio, count] = [
      { scenario: "a", field: "convergenceMs" as const, default: 45_000, allowed: 90_500, source: "scenarioBudgets.a" },
      { scenario: "a", field: "errorRatio" as const, default: 0.02, allowed: 0.05, source: "budgets" },
      { scenario: "a", field: "failedRequests" as const, default: 0, allowed: 3, source: "--budget" },
    ].map(waiverText);
    assert.equal(ms, "convergenceMs 90.5s where the default is 45s (scenarioBudgets.a)");
    assert.equal(ratio, "errorRatio 5% where the default is 2% (budgets)");
    assert.equal(count, "failedRequests 3 where the default is 0 (--budget)");
  });
});
