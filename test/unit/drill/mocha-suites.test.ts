import assert from "node:assert/strict";
import Mocha from "mocha";
import { addPlannedSuites } from "../../../src/drill/mocha-suites.ts";
import { DrillRunner } from "../../../src/drill/drill-runner.ts";
import { resolvePlan } from "../../../src/drill/plan.ts";
import { SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import { testProfile } from "../../support/profile-fixture.ts";

/** The tests a drill's mocha suites hold, by scenario title, and whether each would run. */
async function testsOf(shard?: { index: number; total: number }): Promise<Array<{ name: string; runs: boolean }>> {
  const plan = await resolvePlan({ profile: testProfile({ name: "p", description: "" }), runId: "rtest", timeLimitMs: 60_000, ...(shard ? { shard } : {}) });
  const root = new Mocha.Suite("drill");
  addPlannedSuites(root, new DrillRunner(plan));
  const planned = new Set(plan.scenarios.map((p) => p.scenario.title));
  return root.suites.flatMap((s) => s.tests.map((t) => ({ name: t.title, runs: planned.has(t.title) })));
}

describe("a drill's mocha suites", () => {
  it("hold the whole catalog: the planned scenarios run, the others are shown as not run", async () => {
    const tests = await testsOf();
    assert.deepEqual(tests.map((t) => t.name), SCENARIOS.map((s) => s.title));
    assert.deepEqual(tests.filter((t) => !t.runs).map((t) => t.name), SCENARIOS.filter((s) => s.optIn).map((s) => s.title));
  });

  it("of shards, merged, hold each scenario once: a shard leaves out the others' scenarios, the first alone shows what no shard runs", async () => {
    const [first, second] = await Promise.all([testsOf({ index: 1, total: 2 }), testsOf({ index: 2, total: 2 })]);
    assert.ok(second.every((t) => t.runs), JSON.stringify(second));
    assert.deepEqual([...first, ...second].map((t) => t.name).sort(), SCENARIOS.map((s) => s.title).sort());
    assert.deepEqual(first.filter((t) => !t.runs).map((t) => t.name), SCENARIOS.filter((s) => s.optIn).map((s) => s.title));
  });
});
