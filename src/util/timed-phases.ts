import { harnessError } from "../errors/firedrill-error.ts";
import { wasInterrupted } from "./interrupts.ts";
import { log } from "./log.ts";

export type Timings = Array<[string, number]>;

/**
 * Runs named steps one after another, logging each start and its duration under `tag`
 * and recording it in `timings` (what `bench lab` and the start-up summary read). An
 * interrupted process stops before the next step, so that the removal waiting on it has
 * less to do.
 */
export function timedPhases(tag: string, timings: Timings, what = "lab start") {
  return async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    if (wasInterrupted()) throw harnessError("INTERRUPTED", `${what} interrupted before "${name}"`, "Nothing to do: the run is being removed.");
    const t0 = Date.now();
    log(tag, `${name}...`);
    const value = await step();
    timings.push([name, Date.now() - t0]);
    log(tag, `${name}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return value;
  };
}
