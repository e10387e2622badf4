import assert from "node:assert/strict";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import { NO_RESULT, unexplainedFailures, withMissingResults } from "../../../src/drill/missing-results.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";

const scenario = (name: string) => ({ name, title: name, description: "", budget: {} }) as Scenario;
const [a, b, c] = [scenario("a"), scenario("b"), scenario("c")];
const judged = (s: Scenario, verdict: ScenarioResult["verdict"], errorCode?: string): ScenarioResult => ({ ...brokenResult(s, "x", errorCode), verdict });

describe("results for every planned scenario", () => {
  it("says why a scenario has none when mocha gave no reason", () => {
    const [made] = withMissingResults([a], []);
    assert.equal(made!.verdict, "broken");
    assert.equal(made!.errorCode, NO_RESULT);
    assert.equal(made!.reason, "no result: the scenario did not run to a verdict (its test was never reached, or mocha ended it first)");
  });

  it("keeps a result outside the plan, after the planned ones, rather than hiding it", () => {
    const results = withMissingResults([a, b], [judged(c, "passed"), judged(b, "failed")]);
    assert.deepEqual(results.map((r) => [r.name, r.verdict]), [["a", "broken"], ["b", "failed"], ["c", "passed"]]);
  });
});

describe("mocha's failures no verdict accounts for", () => {
  it("are those beyond one per failed or broken scenario", () => {
    assert.equal(unexplainedFailures([judged(a, "failed"), judged(b, "broken", "LAB_START"), judged(c, "passed")], 3), 1);
    assert.equal(unexplainedFailures([judged(a, "failed"), judged(b, "broken", "LAB_START")], 2), 0);
  });

  it("do not count a result the drill made up for a scenario that left none: its test never threw", () => {
    const [made] = withMissingResults([a], []);
    assert.equal(unexplainedFailures([made!], 1), 1);
  });

  it("are never fewer than none", () => {
    assert.equal(unexplainedFailures([judged(a, "failed"), judged(b, "failed")], 0), 0);
  });

  it("leave skipped and passed scenarios out of the explanation", () => {
    assert.equal(unexplainedFailures([judged(a, "skipped"), judged(b, "passed")], 1), 1);
  });
});
