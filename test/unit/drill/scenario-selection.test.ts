import assert from "node:assert/strict";
import { selectScenarios } from "../../../src/drill/scenario-selection.ts";
import { withMissingResults } from "../../../src/drill/missing-results.ts";
import { drillExitCode } from "../../../src/drill/summary-table.ts";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { thrown } from "../../support/thrown.ts";
import { testProfile } from "../../support/profile-fixture.ts";
import { SCENARIOS } from "../../../src/scenarios/definitions/index.ts";


const profile = testProfile({ name: "quick", description: "two scenarios", scenarios: ["daemon-freeze", "host-halt"] });

describe("scenario selection", () => {
  it("refuses a named scenario outside the profile's subset, naming the file, the scenario and what to do", () => {
    const error = thrown(() => selectScenarios(profile, ["host-halt", "blue-green"]));
    assert.equal(error.code, "SCENARIO_NOT_IN_PROFILE");
    assert.equal(exitCodeFor(error), 64);
    assert.equal(error.message, '--scenario "blue-green": not in the scenarios of profiles/quick.yaml (scenarios: [daemon-freeze, host-halt])');
    assert.match(error.hint, /add it to the scenarios: list in profiles\/quick\.yaml/);
    // All outside: refused too (today this ran nothing and exited 0).
    assert.equal(thrown(() => selectScenarios(profile, ["blue-green"])).code, "SCENARIO_NOT_IN_PROFILE");
  });

  it("runs the named scenarios, else the profile's subset, else every one", () => {
    assert.deepEqual(selectScenarios(profile, ["host-halt"]), ["host-halt"]);
    assert.deepEqual(selectScenarios(profile), ["daemon-freeze", "host-halt"]);
    assert.deepEqual(selectScenarios({ ...profile, scenarios: undefined }, ["blue-green"]), ["blue-green"]);
    assert.equal(selectScenarios({ ...profile, scenarios: undefined }), undefined);
  });
});

describe("every selected scenario has a result", () => {
  const [first, second, third] = SCENARIOS as [(typeof SCENARIOS)[number], (typeof SCENARIOS)[number], (typeof SCENARIOS)[number]];

  it("gives a scenario that left no result a broken one, in plan order, with mocha's reason", () => {
    const ran = { ...brokenResult(third, "x"), verdict: "passed" as const, reason: undefined };
    const results = withMissingResults([first, second, third], [ran], ['Host halt "before all" hook: lab gone']);
    assert.deepEqual(results.map((r) => [r.name, r.verdict]), [[first.name, "broken"], [second.name, "broken"], [third.name, "passed"]]);
    assert.equal(results[0]!.errorCode, "NO_RESULT");
    assert.equal(results[0]!.reason, 'no result: the scenario did not run to a verdict (mocha: Host halt "before all" hook: lab gone)');
    // One mocha failure (the hook) and only made-up results: the drill exits 2, never 0.
    assert.equal(drillExitCode(results, 1), 2);
  });

  it("leaves complete results as they are", () => {
    const results = [first, second].map((s) => ({ ...brokenResult(s, "x"), verdict: "passed" as const }));
    assert.deepEqual(withMissingResults([first, second], results), results);
  });
});
