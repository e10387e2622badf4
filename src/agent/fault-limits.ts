import { parseDuration } from "../util/duration.ts";

/** How long a fault may outlive the runner that holds it, and how long it may last at all. */
export interface FaultLimits {
  /** Without a renewal from the runner within this long, the host's agent reverts the fault. */
  leaseMs: number;
  /** After this long the agent reverts the fault whatever the runner says. */
  maxMs: number;
}

export const DEFAULT_LEASE_MS = 30_000;
/** Longer than a scenario may run (FIREDRILL_SCENARIO_TIME_LIMIT, 15 min): a safety net, not a schedule. */
export const DEFAULT_MAX_MS = 20 * 60_000;

/** The limits from FIREDRILL_LEASE / FIREDRILL_FAULT_MAX (durations such as "30s"), then the given ones. */
export function faultLimits(given: Partial<FaultLimits> = {}, env: NodeJS.ProcessEnv = process.env): FaultLimits {
  const leaseMs = given.leaseMs ?? (env.FIREDRILL_LEASE ? parseDuration(env.FIREDRILL_LEASE, "FIREDRILL_LEASE") : DEFAULT_LEASE_MS);
  const maxMs = given.maxMs ?? (env.FIREDRILL_FAULT_MAX ? parseDuration(env.FIREDRILL_FAULT_MAX, "FIREDRILL_FAULT_MAX") : DEFAULT_MAX_MS);
  return { leaseMs: Math.max(3000, leaseMs), maxMs: Math.max(1000, maxMs) };
}
