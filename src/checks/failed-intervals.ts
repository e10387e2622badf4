import { probeOnlyWindow } from "./request-window.ts";
import type { ProbeWindow } from "./window.ts";

import type { Interval } from "./interval.ts";
export { type Interval, lengthOf } from "./interval.ts";

/**
 * Maximal runs of failed probe samples in the window. A run ends at the next success's
 * start (not at the last failure's) so that the measure errs by at most one probe period
 * either way; a run still failing at the end of the window is cut at windowEnd. The
 * checks take the same stretches from every request (request-window.ts); this is the
 * probe's alone, for calibration and the timeline.
 */
export function failedIntervals(window: ProbeWindow): Interval[] {
  return probeOnlyWindow(window).failed.map(({ start, end }) => ({ start, end }));
}
