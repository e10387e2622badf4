import Mocha from "mocha";
import { SCENARIO_SUITES } from "../scenarios/definitions/index.ts";
import { scenarioTest } from "./drill-scenario.ts";
import type { DrillRunner } from "./drill-runner.ts";

/** What reporters that name tests by file are told: the one list every suite comes from. */
const SCENARIO_LIST_FILE = "src/scenarios/definitions/index.ts";

/**
 * The drill's mocha suites, built from the scenario list under `root`: one suite per
 * group, one test per scenario. A planned scenario's test runs it; one the plan leaves
 * out (not selected) is skipped without a result, so the report still shows the whole
 * catalog and what this drill did not run. A shard leaves out what another shard runs,
 * and only the first shard shows what no shard runs, so that the shards' reports merged
 * hold each scenario once. Built afresh for every drill of a process (`certify` drills
 * several profiles).
 */
export function addPlannedSuites(root: Mocha.Suite, runner: DrillRunner): void {
  const { shard } = runner.plan;
  const shown = (name: string) => !shard || (!shard.plan.includes(name) && shard.index === 1);
  for (const group of SCENARIO_SUITES) {
    const suite = Mocha.Suite.create(root, group.title);
    suite.file = SCENARIO_LIST_FILE;
    for (const scenario of group.scenarios) {
      const planned = runner.plan.scenarios.find((p) => p.scenario === scenario);
      if (!planned && !shown(scenario.name)) continue;
      const body: Mocha.AsyncFunc = planned
        ? scenarioTest(planned, runner)
        : async function (this: Mocha.Context) {
            this.skip();
          };
      const test = new Mocha.Test(scenario.title, body);
      test.file = SCENARIO_LIST_FILE;
      suite.addTest(test);
    }
  }
}
