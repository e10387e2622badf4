import assert from "node:assert/strict";
import { measuredDurations } from "../../../src/bench/bench-durations.ts";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import type { ResultsFile } from "../../../src/drill/run-record.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";

const timed = (name: string, verdict: ScenarioResult["verdict"], ms: number): ScenarioResult => ({
  ...brokenResult({ name, title: name, description: "", budget: {} } as Scenario, "", "X"),
  verdict,
  startedAt: 1000,
  endedAt: 1000 + ms,
});
const file = (results: ScenarioResult[]) => ({ results }) as unknown as ResultsFile;

describe("measured scenario durations", () => {
  it("are the median over drills of the scenarios that ran to a verdict; the rest keep what they had", () => {
    const durations = measuredDurations(
      [file([timed("a", "passed", 30_000), timed("b", "broken", 1)]), file([timed("a", "failed", 50_000), timed("c", "skipped", 0)]), file([timed("a", "passed", 40_000)])],
      { a: 1, b: 2, c: 3, d: 4 },
    );
    assert.deepEqual(durations, { a: 40_000, b: 2, c: 3, d: 4 });
  });
});
