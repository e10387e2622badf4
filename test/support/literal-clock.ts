import type { WatchClock } from "../../src/scenarios/watch-until-held.ts";

/** A clock that moves only when slept on, from `start`: a watch's timing without waiting. */
export function literalClock(start = 0): WatchClock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}
