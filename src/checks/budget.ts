/**
 * What a scenario must stay within. Each limit is optional: a missing one means the
 * figure is reported but not judged. Durations in ms, ratios from 0 to 1.
 */
export interface Budget {
  /** From T0 to the start of the final run of successful probes. */
  timeToRecoverMs?: number;
  /** Summed length of failed-probe intervals in the window. */
  downtimeMs?: number;
  /** The longest failed-probe interval in the window. */
  longestGapMs?: number;
  /** Failed requests / all requests in the window. */
  errorRatio?: number;
  /** From T0 until the desired replicas run on healthy hosts (and stay so). */
  convergenceMs?: number;
  /** Acknowledged posts that may be missing at the end (normally 0). */
  lostPosts?: number;
  /** Blue-green: from the switch until only the new colour answers. */
  cutoverMs?: number;
  /** From a rollback's start until only the previous version answers. */
  rollbackMs?: number;
  /** Failed requests allowed in a scenario's critical window (a cutover: normally 0). */
  failedRequests?: number;
}

/** How the measures are taken (one definition each, see DESIGN.md). */
export interface MeasureSettings {
  /** N: consecutive successful probes that make a recovery (the run must last to the window's end). */
  recoveryStreak: number;
}

export const DEFAULT_MEASURES: MeasureSettings = { recoveryStreak: 5 };
