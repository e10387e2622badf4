import { samplesInWindow, type ProbeWindow } from "./window.ts";

export interface Interval {
  start: number;
  end: number;
}

/**
 * Maximal runs of failed samples in the window. A run ends at the next success's start
 * (not at the last failure's) so that the measure errs by at most one probe period either
 * way; a run still failing at the end of the window is cut at windowEnd. A hole in the
 * probe would inherit the state of the sample before it; the probe-schedule check finds
 * every such hole and makes the figures over it unknown, so no verdict rests on one.
 */
export function failedIntervals(window: ProbeWindow): Interval[] {
  const intervals: Interval[] = [];
  let openedAt: number | undefined;
  for (const sample of samplesInWindow(window)) {
    if (!sample.ok && openedAt === undefined) openedAt = sample.start;
    if (sample.ok && openedAt !== undefined) {
      intervals.push({ start: openedAt, end: sample.start });
      openedAt = undefined;
    }
  }
  if (openedAt !== undefined) intervals.push({ start: openedAt, end: window.windowEnd });
  return intervals;
}

export function lengthOf(interval: Interval): number {
  return interval.end - interval.start;
}
