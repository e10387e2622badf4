import { z } from "zod";

const duration = (what: string) => z.number().int("a duration is a whole number of milliseconds").min(0, "a duration cannot be negative").optional().describe(what);
// A latency is not held to the probe period: it is measured per request, not between samples.
const latency = (what: string) => z.number().int("a latency is a whole number of milliseconds").min(1, "a latency budget is at least 1 ms").optional().describe(what);
const count = (what: string) => z.number().int("a count is a whole number").min(0, "a count cannot be negative").optional().describe(what);

/**
 * What a scenario must stay within: the one list of budget fields, read by validation,
 * profiles, certificates and the README test. Durations in ms, ratios from 0 to 1. A field
 * left out is reported but not judged, except where a figure never came to exist (never
 * recovered, never converged): that is failed whatever the budgets.
 */
export const BudgetSchema = z
  .object({
    timeToRecoverMs: duration("From T0 to the start of the final run of successful probes."),
    downtimeMs: duration("Summed length of failed-probe intervals in the window."),
    longestGapMs: duration("The longest failed-probe interval in the window."),
    errorRatio: z.number().min(0, "a ratio is from 0 to 1").max(1, "a ratio is from 0 to 1").optional().describe("Failed requests / all requests in the window."),
    convergenceMs: duration("From T0 until the desired replicas run on healthy hosts (and stay so)."),
    lostItems: count("Acknowledged items that may be missing at the end (normally 0)."),
    cutoverMs: duration("Blue-green or an upgrade: from the switch until only the new version answers."),
    rollbackMs: duration("From a rollback's start until only the previous version answers."),
    failedRequests: count("Failed requests allowed in a scenario's critical window (a cutover: normally 0)."),
    nodeDownMs: duration("From T0 until the platform marks a disabled host's node down."),
    duplicatesClearedMs: duration("From a host's return until it runs no container the platform does not want."),
    placementRecoveredMs: duration("From a pinned host's return until its pinned service runs on it again, desired replicas met."),
    p95LatencyMs: latency("95th percentile of request latency in the window, from each request's scheduled start (the load's requests, or the probe's)."),
    p99LatencyMs: latency("99th percentile of request latency in the window, from each request's scheduled start (the load's requests, or the probe's)."),
    errorRatioPerSecond: z
      .number()
      .min(0, "a ratio is from 0 to 1")
      .max(1, "a ratio is from 0 to 1")
      .optional()
      .describe("The worst second's failed requests / its requests, in the window."),
  })
  .strict();

export type Budget = z.infer<typeof BudgetSchema>;

/** Budget fields whose value is a duration (held to the probe period's resolution). */
export const DURATION_FIELDS = ["timeToRecoverMs", "downtimeMs", "longestGapMs", "convergenceMs", "cutoverMs", "rollbackMs", "nodeDownMs", "duplicatesClearedMs", "placementRecoveredMs"] as const;

/** How the measures are taken (one definition each, see DESIGN.md). */
export interface MeasureSettings {
  /** N: consecutive successful probes that make a recovery (the run must last to the window's end). */
  recoveryStreak: number;
}

export const DEFAULT_MEASURES: MeasureSettings = { recoveryStreak: 5 };
