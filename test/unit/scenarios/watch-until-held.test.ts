import assert from "node:assert/strict";
import { watchUntilHeld } from "../../../src/scenarios/watch-until-held.ts";
import { literalClock } from "../../support/literal-clock.ts";

/** A condition that holds over the given [from, to) stretches of the clock's time. */
const holdsDuring = (clock: { t: number }, stretches: Array<[number, number]>) => () => stretches.some(([from, to]) => clock.t >= from && clock.t < to);

describe("watch until held", () => {
  it("ends once the condition has held for the hold time", async () => {
    const clock = literalClock();
    const outcome = await watchUntilHeld(clock, { deadline: 60_000, holdMs: 4000, until: holdsDuring(clock, [[2000, Number.POSITIVE_INFINITY]]) });
    assert.deepEqual(outcome, { settled: true, reachedAt: 2000, lost: 0 });
    assert.equal(clock.t, 6000);
  });

  it("goes back to watching when the condition breaks during the hold, and ends only after an unbroken hold", async () => {
    // Recovered at 2 s, a relapse from 4 s to 5 s (the traffic flapping after a thaw), recovered for good at 5 s.
    const clock = literalClock();
    const lostAt: Array<[number, number]> = [];
    const outcome = await watchUntilHeld(clock, {
      deadline: 60_000,
      holdMs: 4000,
      until: holdsDuring(clock, [[2000, 4000], [5000, Number.POSITIVE_INFINITY]]),
      onLost: (reached, lost) => lostAt.push([reached, lost]),
    });
    assert.deepEqual(outcome, { settled: true, reachedAt: 5000, lost: 1 });
    assert.deepEqual(lostAt, [[2000, 4000]]);
    // Under "reached, then wait the hold time", the watch would have ended at 6 s, inside nothing but the
    // relapse's aftermath; it ends 4 s after the last recovery instead.
    assert.equal(clock.t, 9000);
  });

  it("is not settled when the deadline comes while the condition is broken", async () => {
    const clock = literalClock();
    const outcome = await watchUntilHeld(clock, { deadline: 10_000, holdMs: 4000, until: holdsDuring(clock, [[1000, 2000], [3000, 4000]]) });
    assert.deepEqual(outcome, { settled: false, reachedAt: undefined, lost: 2 });
    assert.equal(clock.t, 10_000);
  });

  it("is settled when the condition holds at the deadline, the hold cut short by it", async () => {
    const clock = literalClock();
    const outcome = await watchUntilHeld(clock, { deadline: 10_000, holdMs: 4000, until: holdsDuring(clock, [[8000, Number.POSITIVE_INFINITY]]) });
    assert.deepEqual(outcome, { settled: true, reachedAt: 8000, lost: 0 });
    assert.equal(clock.t, 10_000);
  });

  it("looks once and ends when the deadline has already passed", async () => {
    const clock = literalClock();
    clock.t = 20_000;
    assert.deepEqual(await watchUntilHeld(clock, { deadline: 10_000, holdMs: 4000, until: () => false }), { settled: false, reachedAt: undefined, lost: 0 });
    assert.equal(clock.t, 20_000);
  });
});
