import assert from "node:assert/strict";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import { judgeScenario } from "../../../src/drill/drill-scenario.ts";
import { DrillRunner, type LabSource, type SessionLab } from "../../../src/drill/drill-runner.ts";
import type { DrillPlan, PlannedScenario } from "../../../src/drill/plan.ts";
import { DEFAULT_TIME_LIMIT_MS, settlesWithin, timeLimitFromEnvironment, withinTimeLimit } from "../../../src/drill/scenario-time-limit.ts";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import type { runScenario } from "../../../src/scenarios/run-scenario.ts";
import { SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";
import { PROBE_ONLY } from "../../../src/traffic/traffic-spec.ts";

const planned = (scenario: Scenario): PlannedScenario => ({ scenario, budget: scenario.budget, sources: {}, traffic: PROBE_ONLY, trafficSource: "default" });
const [first, second] = (SCENARIOS as [Scenario, Scenario]).map(planned) as [PlannedScenario, PlannedScenario];

/** Labs that are only names: what the session does with them is what is tested. */
class FakeLabs implements LabSource {
  opened: string[] = [];
  removed: string[] = [];
  reverted: string[] = [];
  /** Called when a lab is removed: a scenario running on it then fails. */
  onRemove: Array<() => void> = [];

  constructor(private readonly owned: boolean) {}

  async open(): Promise<SessionLab> {
    const runId = `lab-${this.opened.length + 1}`;
    this.opened.push(runId);
    return { lab: { runId, hosts: [] }, deployed: {}, owned: this.owned } as unknown as SessionLab;
  }

  async remove(lab: SessionLab): Promise<void> {
    this.removed.push(lab.lab.runId);
    for (const fail of this.onRemove.splice(0)) fail();
  }

  async revertFaults(lab: SessionLab): Promise<void> {
    this.reverted.push(lab.lab.runId);
  }
}

type Run = typeof runScenario;

/** A scenario that passes at once, noting the lab it ran on. */
const passes = (ranOn: string[]): Run => async (scenario, options) => {
  ranOn.push(options.lab.runId);
  return { ...brokenResult(scenario, ""), verdict: "passed", reason: undefined, errorCode: undefined };
};

/** A scenario that hangs until its lab is removed (then fails, as a real one would), or `settleAfterMs`. */
const hangs = (labs: FakeLabs, settleAfterMs?: number): Run => (scenario) =>
  new Promise((resolve, reject) => {
    labs.onRemove.push(() => reject(new Error("connection refused: the lab is gone")));
    if (settleAfterMs !== undefined) setTimeout(() => resolve(brokenResult(scenario, "finished late")), settleAfterMs);
  });

const never: Run = () => new Promise(() => undefined);

function session(labs: FakeLabs, settleMs = 1000): DrillRunner {
  // Only what the runner reads of a plan: the limits (the lab source is the fake).
  const plan = { timeLimitMs: 50, settleMs, scenarios: [], layers: {} } as unknown as DrillPlan;
  return new DrillRunner(plan, labs);
}

describe("a scenario's time limit", () => {
  it("on a lab the drill owns: broken naming the limit, the lab removed, the next scenario on a new lab", async () => {
    const labs = new FakeLabs(true);
    const drill = session(labs);
    const late = await judgeScenario(first, drill, hangs(labs));
    assert.equal(late.result.verdict, "broken");
    assert.equal(late.result.errorCode, "SCENARIO_TIME_LIMIT");
    assert.match(late.result.reason!, /^did not finish within its time limit of 50ms \(FIREDRILL_SCENARIO_TIME_LIMIT\); its lab \(run lab-1\) was removed$/);
    assert.deepEqual(labs.removed, ["lab-1"]);
    assert.equal(drill.halted, undefined);

    const ranOn: string[] = [];
    const next = await judgeScenario(second, drill, passes(ranOn));
    assert.equal(next.result.verdict, "passed");
    assert.deepEqual(ranOn, ["lab-2"]);
    assert.deepEqual(labs.opened, ["lab-1", "lab-2"]);
  });

  it("on a lab the drill owns, a scenario that will not stop even then halts the drill: the rest are broken, not run beside it", async () => {
    const labs = new FakeLabs(true);
    const drill = session(labs, 30);
    const late = await judgeScenario(first, drill, never);
    assert.equal(late.result.errorCode, "SCENARIO_TIME_LIMIT");
    const ranOn: string[] = [];
    const next = await judgeScenario(second, drill, passes(ranOn));
    assert.equal(next.result.verdict, "broken");
    assert.equal(next.result.errorCode, "DRILL_HALTED");
    assert.match(next.result.reason!, /^not run: host-halt exceeded its time limit of 50ms .* and it was still running 30ms after its lab was removed/);
    assert.deepEqual(ranOn, []);
    assert.deepEqual(labs.opened, ["lab-1"]);
  });

  it("on a lab it does not own (--run): lets the scenario finish its revert, removes nothing, runs nothing more there", async () => {
    const labs = new FakeLabs(false);
    const drill = session(labs);
    const late = await judgeScenario(first, drill, hangs(labs, 100));
    assert.equal(late.result.verdict, "broken");
    assert.match(late.result.reason!, /^did not finish within its time limit of 50ms \(FIREDRILL_SCENARIO_TIME_LIMIT\); it was let finish its own revert; no further scenario runs on run lab-1$/);
    assert.deepEqual(labs.removed, []);
    assert.deepEqual(labs.reverted, []);

    const ranOn: string[] = [];
    const next = await judgeScenario(second, drill, passes(ranOn));
    assert.equal(next.result.verdict, "broken");
    assert.match(next.result.reason!, /^not run: host-halt exceeded its time limit of 50ms .* on run lab-1, a lab this drill did not start, so its state is unknown; .*firedrill clean --faults --run lab-1/);
    assert.deepEqual(ranOn, []);
  });

  it("on a lab it does not own, reverts the recorded faults of a scenario that will not stop", async () => {
    const labs = new FakeLabs(false);
    const late = await judgeScenario(first, session(labs, 30), never);
    assert.match(late.result.reason!, /it was still running after 30ms more; its recorded faults were reverted; no further scenario runs on run lab-1$/);
    assert.deepEqual(labs.reverted, ["lab-1"]);
  });

  it("a scenario within its limit keeps its own verdict, and a lab that never came up is a broken result", async () => {
    const labs = new FakeLabs(true);
    const ranOn: string[] = [];
    assert.equal((await judgeScenario(first, session(labs), passes(ranOn))).result.verdict, "passed");
    labs.open = () => Promise.reject(Object.assign(new Error("no engine"), { code: "ENGINE_UNREACHABLE" }));
    const noLab = await judgeScenario(first, session(labs), passes(ranOn));
    assert.deepEqual([noLab.result.verdict, noLab.result.reason, noLab.result.errorCode], ["broken", "no engine", "ENGINE_UNREACHABLE"]);
  });

  it("races work against a limit without swallowing its errors", async () => {
    assert.deepEqual(await withinTimeLimit(Promise.resolve(3), 50), { finished: true, value: 3 });
    assert.deepEqual(await withinTimeLimit(new Promise(() => undefined), 10), { finished: false });
    await assert.rejects(withinTimeLimit(Promise.reject(new Error("boom")), 50), /boom/);
  });

  it("tells whether work settled in time, either way, without raising its error", async () => {
    assert.equal(await settlesWithin(Promise.reject(new Error("boom")), 50), true);
    assert.equal(await settlesWithin(Promise.resolve("done"), 50), true);
    assert.equal(await settlesWithin(new Promise(() => undefined), 10), false);
  });

  it("reads the limit from FIREDRILL_SCENARIO_TIME_LIMIT, refusing a bad one with 64", () => {
    assert.equal(timeLimitFromEnvironment({}), DEFAULT_TIME_LIMIT_MS);
    assert.equal(timeLimitFromEnvironment({ FIREDRILL_SCENARIO_TIME_LIMIT: "90s" }), 90_000);
    for (const bad of ["0", "soon"]) {
      assert.throws(
        () => timeLimitFromEnvironment({ FIREDRILL_SCENARIO_TIME_LIMIT: bad }),
        (error: Error) => exitCodeFor(error) === 64 && error.message.startsWith("FIREDRILL_SCENARIO_TIME_LIMIT: "),
      );
    }
  });
});
