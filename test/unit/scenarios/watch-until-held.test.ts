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

  it("watches a hold under way at the deadline to its end: settled once it has held for the hold time", async () => {
    const clock = literalClock();
    const outcome = await watchUntilHeld(clock, { deadline: 10_000, holdMs: 4000, until: holdsDuring(clock, [[8000, Number.POSITIVE_INFINITY]]) });
    assert.deepEqual(outcome, { settled: true, reachedAt: 8000, lost: 0 });
    // It used to end at the deadline, settled on 2 s of the 4 s hold.
    assert.equal(clock.t, 12_000);
  });

  it("is not settled when the condition, after flapping 90 times, holds at the deadline's last poll and breaks after it", async () => {
    // Holds for the first 250 ms of every 500 ms (90 relapses), then again for 250 ms from the deadline on.
    const clock = literalClock();
    const flaps = Array.from({ length: 90 }, (_, i): [number, number] => [i * 500, i * 500 + 250]);
    const outcome = await watchUntilHeld(clock, { deadline: 45_000, holdMs: 4000, until: holdsDuring(clock, [...flaps, [45_000, 45_250]]) });
    // Today's code called this settled: the condition held at the deadline's poll.
    assert.deepEqual(outcome, { settled: false, reachedAt: undefined, lost: 91 });
    assert.equal(clock.t, 45_250);
  });

  it("is settled after flapping 90 times only when the last hold lasts the hold time, past the deadline if need be", async () => {
    const clock = literalClock();
    const flaps = Array.from({ length: 90 }, (_, i): [number, number] => [i * 500, i * 500 + 250]);
    const outcome = await watchUntilHeld(clock, { deadline: 45_000, holdMs: 4000, until: holdsDuring(clock, [...flaps, [45_000, Number.POSITIVE_INFINITY]]) });
    assert.deepEqual(outcome, { settled: true, reachedAt: 45_000, lost: 90 });
    assert.equal(clock.t, 49_000);
  });

  it("is not settled when a hold under way at the deadline breaks before the hold time", async () => {
    const clock = literalClock();
    const outcome = await watchUntilHeld(clock, { deadline: 10_000, holdMs: 4000, until: holdsDuring(clock, [[8000, 11_000]]) });
    assert.deepEqual(outcome, { settled: false, reachedAt: undefined, lost: 1 });
    assert.equal(clock.t, 11_000);
  });

  it("looks once and ends when the deadline has already passed", async () => {
    const clock = literalClock();
    clock.t = 20_000;
    assert.deepEqual(await watchUntilHeld(clock, { deadline: 10_000, holdMs: 4000, until: () => false }), { settled: false, reachedAt: undefined, lost: 0 });
    assert.equal(clock.t, 20_000);
  });
});
