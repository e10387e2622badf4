import { emptyHistory, type History } from "../../../src/history/history.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";

/** A T0 at a real moment: 2024-05-01T10:00:00Z. */
export const T = Date.UTC(2024, 4, 1, 10, 0, 0);

/** A history holding only what the test states. */
export function history(overrides: Partial<History> = {}): History {
  return { ...emptyHistory("test", 1000, "1"), t0: T, windowEnd: T, ...overrides };
}

/** A scenario result holding only what the test states; it ran from T-5s to T+15s. */
export function result(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    name: "test",
    title: "Test scenario",
    description: "",
    verdict: "passed",
    checks: [],
    budget: {},
    history: history(),
    phases: [],
    residue: [],
    startedAt: T - 5000,
    endedAt: T + 15_000,
    ...overrides,
  };
}
