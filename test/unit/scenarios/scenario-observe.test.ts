import assert from "node:assert/strict";
import type { Budget } from "../../../src/checks/budget.ts";
import type { ActiveFaults } from "../../../src/faults/fault-journal.ts";
import type { History, HistoryEvent, Observation } from "../../../src/history/history.ts";
import type { Recorder } from "../../../src/history/recorder.ts";
import type { StartedLab } from "../../../src/lab/started-lab.ts";
import type { SwarmPlatform } from "../../../src/platform/swarm-platform.ts";
import { ScenarioContext } from "../../../src/scenarios/scenario-context.ts";
import type { DeployedStack } from "../../../src/stack/deployed-stack.ts";
import { setQuiet } from "../../../src/util/log.ts";
import { history as literalHistory } from "../checks/fixtures.ts";
import { literalClock } from "../../support/literal-clock.ts";

/**
 * observe() on a literal clock: what the recorder is told about an observation. Only the
 * recorder's writing side is used (a condition is given, so no sample or snapshot is read,
 * except by the progress line every 5 s, which sees none).
 */
function observing(t0: number, budget: Budget = {}) {
  const clock = literalClock(t0);
  const observations: Observation[] = [];
  const events: Array<Pick<HistoryEvent, "what" | "at">> = [];
  const history: History = literalHistory({ t0 });
  const recorder = {
    history,
    observation: (o: Observation) => observations.push(o),
    event: (_kind: string, what: string, at = clock.t) => events.push({ what, at }),
    liveSamples: () => [],
    lastCluster: () => undefined,
  } as unknown as Recorder;
  const ctx = new ScenarioContext({} as StartedLab, {} as DeployedStack, {} as SwarmPlatform, recorder, {} as ActiveFaults, { clock, budget });
  return { ctx, clock, observations, events };
}

describe("a scenario's observation", () => {
  before(() => setQuiet(true));
  after(() => setQuiet(false));

  it("ends settleMs after the condition was last reached when it relapsed, and records the relapse", async () => {
    const { ctx, clock, observations, events } = observing(1_000_000);
    // Reached at T0+2s, lost from T0+4s to T0+5s, then holds.
    const at = () => clock.t - 1_000_000;
    await ctx.observe({ maxMs: 60_000, settleMs: 4000, what: "recovered", until: () => (at() >= 2000 && at() < 4000) || at() >= 5000 });
    assert.equal(clock.t - 1_000_000, 9000, "the window ends 4 s after the last recovery, not 4 s after the first");
    assert.deepEqual(observations, [{ what: "recovered", from: 1_000_000, to: 1_005_000, maxMs: 60_000, settled: true, relapses: 1 }]);
    assert.deepEqual(events.map((e) => e.what), ["recovered: reached at T0+2s, lost again at T0+4s; watching on", "settled"]);
  });

  it("is not settled when the condition still flaps at its limit", async () => {
    const { ctx, clock, observations, events } = observing(0);
    await ctx.observe({ maxMs: 10_000, settleMs: 4000, what: "recovered", until: () => Math.floor(clock.t / 1000) % 2 === 1 });
    assert.equal(observations.length, 1);
    assert.equal(observations[0]!.settled, false);
    assert.equal(observations[0]!.relapses, 5);
    assert.equal(events.at(-1)!.what, "not settled within 10s of T0");
  });

  it("is not settled when the condition holds at its limit's last poll only, after flapping", async () => {
    const { ctx, clock, observations } = observing(0);
    // Holds for the first 500 ms of every second, and from 10 s to 11 s: today's code called it settled at 10 s.
    await ctx.observe({ maxMs: 10_000, settleMs: 4000, what: "recovered", until: () => (clock.t < 10_000 ? clock.t % 1000 < 500 : clock.t < 11_000) });
    assert.equal(observations[0]!.settled, false);
    assert.equal(observations[0]!.relapses, 11);
  });

  it("lasts as long as a loosened budget needs: a convergence budget of 300 s is watched past the scenario's 90 s", async () => {
    // A waiver gave convergence 300 s; the platform settles at T0+200s, within it.
    const { ctx, clock, observations, events } = observing(0, { convergenceMs: 300_000, timeToRecoverMs: 30_000 });
    await ctx.observe({ maxMs: 90_000, settleMs: 4000, what: "recovered and converged", until: () => clock.t >= 200_000 });
    assert.deepEqual(observations, [{ what: "recovered and converged", from: 0, to: 200_000, maxMs: 310_000, settled: true }]);
    assert.equal(clock.t, 204_000);
    assert.equal(events.at(-1)!.what, "settled");
  });

  it("counts a budget that runs from a later moment (a switch) from that moment, and never shortens the scenario's own limit", async () => {
    const switched = observing(0, { cutoverMs: 100_000 });
    await switched.ctx.observe({ maxMs: 60_000, settleMs: 1000, until: () => false, budgets: [["cutoverMs", 50_000]] });
    assert.equal(switched.observations[0]!.maxMs, 160_000);
    assert.equal(switched.clock.t, 160_000);
    assert.equal(switched.events.at(-1)!.what, "not settled within 160s of T0");
    const tight = observing(0, { timeToRecoverMs: 1000, convergenceMs: 5000 });
    await tight.ctx.observe({ maxMs: 90_000, settleMs: 1000, until: () => false });
    assert.equal(tight.observations[0]!.maxMs, 90_000);
  });
});
