import assert from "node:assert/strict";
import { runSabotage } from "../../src/bench/bench-trust.ts";
import { reusedIds, stalledOutage, starvedProbe, unannouncedOutage, unschedulableReplica } from "../../src/bench/sabotage/catalog.ts";
import { describeCaughtBy } from "../../src/bench/sabotage/caught.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * Negative controls (the quickest of `bench trust`): the lab is sabotaged behind the
 * harness's back during a real scenario, judged by the normal drill code, and the
 * harness must say so, through the expected check. Each leaves the lab at its baseline.
 */
describe("negative controls: the harness caught in the act (real lab)", function () {
  this.timeout(600_000);
  let shared: LabWithStack;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  for (const sabotage of [starvedProbe, unannouncedOutage, unschedulableReplica, stalledOutage, reusedIds]) {
    it(`${sabotage.name} during ${sabotage.scenario.name}: ${sabotage.expected}, by ${describeCaughtBy(sabotage)}`, async () => {
      const { row, result } = await runSabotage(shared, sabotage);
      const checks = result.checks.map((c) => `${c.name}: ${c.status} (${c.detail})`).join("\n");
      assert.deepEqual(row.trace?.errors, [], "the sabotage itself must act and be undone");
      assert.equal(row.verdict, sabotage.expected, `${row.by}\n${checks}`);
      assert.ok(row.caught, `${row.by}\n${checks}`);
      assert.deepEqual(row.notRestored, [], "the lab must be back at its baseline for the next test");
    });
  }
});
