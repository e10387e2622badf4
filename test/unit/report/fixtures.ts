import { emptyHistory, type History } from "../../../src/history/history.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";
import type { TrafficSecond } from "../../../src/traffic/traffic-record.ts";

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

/** One second of traffic, T-relative, holding only the figures the test states (no histogram: nothing here merges seconds). */
export function trafficSecond(offset: number, figures: Partial<TrafficSecond> = {}): TrafficSecond {
  const second = { at: T + offset, requests: 200, failed: 0, p50: 20, p95: 30, p99: 40, max: 45, histogram: "", ...figures };
  return { ...second, errorRatio: second.requests === 0 ? 0 : second.failed / second.requests };
}
