import type { History } from "../history/history.ts";
import { type Interval, merge } from "./interval.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, formatOffset } from "./format.ts";
import { runCheck } from "./run-check.ts";

export type ScheduleWindow = Pick<History, "samples" | "stalls" | "t0" | "windowEnd" | "probePeriodMs">;

/**
 * How many probe periods the probe may lose before a stretch is starved. A shorter delay
 * only widens the resolution, which the check reports ("figures are good to 265ms").
 * Measured on a 2-core machine running the lab, with the runner at a raised priority: a
 * healthy ten-scenario drill had runner stalls of 120-260 ms in 2 of 10 scenarios (one
 * sample sent 132 ms late, start gaps up to 232 ms). Judging those broken made healthy
 * nights broken at random; half a second is past any of them, well inside the probe's
 * 900 ms timeout (so a stall that short cannot time out a request in flight that would
 * have been answered), and far from the 3 s stall that turned a healthy host-halt into
 * "failed" before stalls were detected.
 */
export const STARVED_AFTER_PERIODS = 5;

/**
 * For a zero budget (no failed request, no gap at all) a much shorter hole matters: one
 * lost sample is all it takes to hide the one failure the budget forbids. Two periods is
 * one sample missed, with a period's slack for the timer.
 */
export const ZERO_BUDGET_STARVED_AFTER_PERIODS = 2;

/** How many probe periods may go unseen before a figure held to `budget` is a bound. */
export function starvationPeriodsFor(budget: number | undefined): number {
  return budget === 0 ? ZERO_BUDGET_STARVED_AFTER_PERIODS : STARVED_AFTER_PERIODS;
}

/**
 * Stretches of the window in which the probe could not see: consecutive sample starts
 * more than STARVED_AFTER_PERIODS periods apart (a hole), a sample sent that late, or the
 * runner's own event loop stalled that long. A request whose flight overlaps such a
 * stretch is part of it too: a request that timed out because the runner was not
 * scheduled says nothing about the platform. Merged and sorted; empty when the probe kept
 * its schedule.
 */
export function starvedStretches(window: ScheduleWindow, periods = STARVED_AFTER_PERIODS): Interval[] {
  const period = window.probePeriodMs;
  const limit = periods * period;
  const samples = [...window.samples].sort((a, b) => a.start - b.start);
  const raw: Interval[] = [];
  // The window's edges count as neighbours: a probe that fell silent before the end (or
  // started late) left the platform unwatched just the same.
  const inside = samples.filter((s) => s.start >= window.t0 && s.start <= window.windowEnd);
  const before = samples.filter((s) => s.start < window.t0).at(-1);
  const neighbours = [before ?? { start: window.t0, latencyMs: 0 }, ...inside, { start: window.windowEnd, latencyMs: 0 }];
  for (let i = 1; i < neighbours.length; i++) {
    const [prev, next] = [neighbours[i - 1]!, neighbours[i]!];
    // Unseen from the moment the sample before it was answered: its own answer was seen.
    if (next.start - prev.start > limit) raw.push({ start: Math.min(prev.start + prev.latencyMs, next.start), end: next.start });
  }
  for (const s of inside) if ((s.lateMs ?? 0) > limit) raw.push({ start: s.start - (s.lateMs ?? 0), end: s.start });
  for (const stall of window.stalls) if (stall.to - stall.from > limit) raw.push({ start: stall.from, end: stall.to });
  // A shorter stall still matters where a request failed while the runner was stalled:
  // its answer may have come in time while its timeout fell due first (Node runs due
  // timers before it reads sockets), so that failure may be the runner's, not the platform's.
  for (const s of inside.filter((x) => !x.ok)) {
    for (const stall of window.stalls) if (s.start <= stall.to && s.start + s.latencyMs >= stall.from) raw.push({ start: s.start, end: stall.to });
  }
  const stretches = merge(raw.filter((r) => r.end >= window.t0 && r.start <= window.windowEnd));
  // Widen each stretch over the requests in flight during it.
  const widened = stretches.map((stretch) => {
    const touching = samples.filter((s) => s.start < stretch.end && s.start + s.latencyMs > stretch.start);
    return { start: Math.min(stretch.start, ...touching.map((s) => s.start)), end: stretch.end };
  });
  return merge(widened)
    .map((r) => ({ start: Math.max(r.start, window.t0), end: Math.min(r.end, window.windowEnd) }))
    .filter((r) => r.end > r.start);
}


/**
 * Whether the probe kept its schedule over the window. When it did not, every figure
 * taken from the samples is unknown over that stretch, and the scenario is broken: never
 * "no visible impact" (a silent probe sees no failure), never "failed" (a stalled runner's
 * timeouts are not the platform's). `voidsWindow` makes the verdict say so. Measured:
 * the time the probe was starved, none allowed: a schedule kept is a judgement, not a
 * figure only reported.
 */
export function checkProbeSchedule(history: ScheduleWindow): CheckResult {
  return runCheck("probe schedule", "ms", () => {
    const stretches = starvedStretches(history);
    if (stretches.length === 0) {
      const inside = history.samples.filter((s) => s.start >= history.t0 && s.start <= history.windowEnd);
      const latest = Math.max(0, ...inside.map((s) => s.lateMs ?? 0), ...history.stalls.filter((s) => s.to >= history.t0 && s.from <= history.windowEnd).map((s) => s.to - s.from));
      const strict = starvedStretches(history, ZERO_BUDGET_STARVED_AFTER_PERIODS);
      const zeroNote = strict.length === 0 ? "" : `; ${strict.length} stretch(es) of over ${formatFigure(ZERO_BUDGET_STARVED_AFTER_PERIODS * history.probePeriodMs, "ms")} unseen, over which a figure held to a zero budget is a range`;
      return {
        status: "passed",
        measured: 0,
        budget: 0,
        detail: `the probe kept its ${formatFigure(history.probePeriodMs, "ms")} schedule: ${inside.length} samples, the longest delay ${formatFigure(latest, "ms")}, so figures are good to ${formatFigure(history.probePeriodMs + latest, "ms")}${zeroNote}`,
      };
    }
    const total = stretches.reduce((sum, s) => sum + (s.end - s.start), 0);
    const where = stretches.map((s) => `from ${formatOffset(s.start, history.t0)} to ${formatOffset(s.end, history.t0)}`).join(", ");
    return {
      status: "unknown",
      voidsWindow: true,
      measured: total,
      budget: 0,
      detail: `the probe was starved ${where}: the figures over ${stretches.length === 1 ? "that stretch" : "those stretches"} are unknown`,
    };
  });
}
