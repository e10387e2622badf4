import assert from "node:assert/strict";
import type { Budget } from "../../../src/checks/budget.ts";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { BUDGET_LABELS } from "../../../src/checks/describe-budget.ts";
import { judge } from "../../../src/checks/judge.ts";
import { STANDARD_BUDGETS } from "../../../src/checks/standard-budgets.ts";
import type { History } from "../../../src/history/history.ts";
import { SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import { judgedBudgets } from "../../../src/scenarios/judged-budgets.ts";
import { history, probe, service, snapshot } from "../checks/fixtures.ts";

/**
 * Every budget field set, each to a value no other field has: a check result's `budget`
 * then names the one field it was held to.
 */
const EVERY_BUDGET: Required<Budget> = {
  timeToRecoverMs: 10_001,
  downtimeMs: 10_002,
  longestGapMs: 10_003,
  errorRatio: 0.101,
  convergenceMs: 10_004,
  lostItems: 7,
  cutoverMs: 10_005,
  rollbackMs: 10_006,
  failedRequests: 11,
  nodeDownMs: 10_007,
  duplicatesClearedMs: 10_008,
  placementRecoveredMs: 10_009,
  p95LatencyMs: 10_010,
  p99LatencyMs: 10_011,
  errorRatioPerSecond: 0.202,
};

/** The same fields, each moved: a `budget` that moves with them is a budget field's, one that stays is a fixed limit (a stack's spread rule). */
const MOVED: Required<Budget> = Object.fromEntries(
  Object.entries(EVERY_BUDGET).map(([field, value]) => [field, value < 1 ? value + 0.01 : value < 100 ? value + 1 : value + 100]),
) as Required<Budget>;

/** The fields the results were held to, from the same checks run with EVERY_BUDGET and with MOVED. */
function budgetsIn(run: (budget: Budget) => readonly CheckResult[]): string[] {
  const [first, moved] = [run(EVERY_BUDGET), run(MOVED)];
  const fieldOf = (budget: Required<Budget>, value: number) => (Object.keys(budget) as Array<keyof Budget>).find((f) => budget[f] === value);
  const fields = first.flatMap((r, i) => {
    const other = moved[i]?.budget;
    if (r.budget === undefined || r.budget === other) return [];
    const field = fieldOf(EVERY_BUDGET, r.budget);
    // A budget that moved but is no field's value: derived from one, which the list cannot name.
    return [field !== undefined && other !== undefined && fieldOf(MOVED, other) === field ? field : `${r.name}: budget ${r.budget} is no field's`];
  });
  return [...new Set(fields)].sort();
}

/**
 * A window with something of everything a check reads (a fault, marks, versions served,
 * snapshots, a spread rule), so that every check reaches the point where it names its
 * budget: T0 at 1000, the window ends at 5000.
 */
const WINDOW: History = history({
  subject: {
    stack: "wp",
    namespace: "wp",
    traffic: "wp_wordpress",
    replicas: 2,
    stateful: "wp_db",
    pinnedHost: "host-3",
    spread: { service: "wp_wordpress", maxPerNode: 1 },
    versions: { baseline: "v1", next: "v2", broken: "v3" },
  },
  t0: 1000,
  windowEnd: 5000,
  samples: probe("++++++++++ ---++++++++++++++++++++++++++++++", { start: 500 }).map((s) => ({ ...s, version: "v1" })),
  cluster: [1000, 3000, 5000].map((at) =>
    snapshot(at, {
      services: [service("wp_wordpress", "replicated", 2), service("wp_db", "replicated", 1), service("wp_lb", "global")],
      tasks: { wp_wordpress: ["host-1", "host-2"], wp_db: ["host-3"], wp_lb: ["host-1", "host-2", "host-3"] },
    }),
  ),
  faults: [{ id: "f1", kind: "daemon-freeze", host: "host-2", options: {}, injectedAt: 1000, evidence: [], revertedAt: 3000 }],
  marks: { "switched to green": 1000, "switched back to blue": 3000, "upgrade started": 1000, "rollback started": 1000, "squatter left": 2000 },
  facts: { targetHost: "host-2", rollbackCandidate: { image: "wp:v1", inRegistry: true, cachedOn: ["host-1"], usableOn: ["host-1"], previousSpecKept: true } },
  services: ["wp_wordpress", "wp_db", "wp_lb"],
});

describe("the budgets each scenario judges", () => {
  it("the standard checks hold a figure to each standard budget, and to no other", () => {
    assert.deepEqual(budgetsIn((budget) => judge(WINDOW, budget)), [...STANDARD_BUDGETS].sort());
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: its checks hold a figure to exactly the budgets it declares it judges`, () => {
      assert.deepEqual(budgetsIn((budget) => scenario.checks?.(WINDOW, budget) ?? []), [...(scenario.judges ?? [])].sort());
    });

    it(`${scenario.name}: every default budget it has is one it judges`, () => {
      const judged = judgedBudgets(scenario);
      const unjudged = (Object.keys(scenario.budget) as Array<keyof Budget>).filter((field) => !judged.includes(field));
      assert.deepEqual(unjudged, []);
    });
  }

  it("judged budgets are the standard ones and the scenario's own, in the order reports list budgets", () => {
    const blueGreen = SCENARIOS.find((s) => s.name === "blue-green")!;
    const order = Object.keys(BUDGET_LABELS);
    const judged = judgedBudgets(blueGreen);
    assert.deepEqual(judged, [...judged].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    assert.ok(judged.includes("failedRequests") && judged.includes("cutoverMs") && judged.includes("errorRatio"));
    assert.ok(!judgedBudgets(SCENARIOS.find((s) => s.name === "host-halt")!).includes("failedRequests"));
  });
});
