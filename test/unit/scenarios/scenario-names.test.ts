import assert from "node:assert/strict";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { thrown } from "../../support/thrown.ts";
import { SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import { parseScenarioNames } from "../../../src/scenarios/scenario-names.ts";


describe("--scenario names", () => {
  it("refuses a --scenario list that names nothing, with 64", () => {
    for (const list of [",", "", " ", " , ,"]) {
      const error = thrown(() => parseScenarioNames(list));
      assert.equal(error.code, "SCENARIO_NONE", list);
      assert.equal(exitCodeFor(error), 64);
      assert.match(error.message, /names no scenario, so the drill would run nothing/);
      assert.match(error.hint, /leave out --scenario to run them all/);
    }
  });

  it("reads a list, and no list as every scenario", () => {
    assert.deepEqual(parseScenarioNames(" host-halt, ,blue-green "), ["host-halt", "blue-green"]);
    assert.equal(parseScenarioNames(undefined), undefined);
    assert.equal(thrown(() => parseScenarioNames("host-halt,meteor")).code, "SCENARIO_UNKNOWN");
  });

  it("keeps the names in the order given (the drill orders them, not the list)", () => {
    assert.deepEqual(parseScenarioNames("blue-green,host-halt"), ["blue-green", "host-halt"]);
  });

  it("names every unknown scenario at once, and lists the known ones", () => {
    const error = thrown(() => parseScenarioNames("meteor,host-halt,Host-Halt"));
    assert.equal(error.code, "SCENARIO_UNKNOWN");
    assert.equal(exitCodeFor(error), 64);
    assert.equal(error.message, 'No scenario named "meteor", "Host-Halt"');
    assert.equal(error.hint, `Known scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}.`);
  });
});
