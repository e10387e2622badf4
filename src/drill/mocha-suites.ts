import Mocha from "mocha";
import { SCENARIO_SUITES } from "../scenarios/definitions/index.ts";
import { scenarioTest } from "./drill-scenario.ts";
import type { DrillRunner } from "./drill-runner.ts";

/** What reporters that name tests by file are told: the one list every suite comes from. */
const SCENARIO_LIST_FILE = "src/scenarios/definitions/index.ts";

/**
 * The drill's mocha suites, built from the plan under `root`: one suite per group of the
 * scenario list that has a planned scenario, one test per planned scenario, in plan order.
 * Built afresh for every drill of a process (`certify` drills several profiles).
 */
export function addPlannedSuites(root: Mocha.Suite, runner: DrillRunner): void {
  for (const group of SCENARIO_SUITES) {
    const planned = runner.plan.scenarios.filter((p) => group.scenarios.includes(p.scenario));
    if (planned.length === 0) continue;
    const suite = Mocha.Suite.create(root, group.title);
    suite.file = SCENARIO_LIST_FILE;
    for (const p of planned) {
      const test = new Mocha.Test(p.scenario.title, scenarioTest(p, runner));
      test.file = SCENARIO_LIST_FILE;
      suite.addTest(test);
    }
  }
}
