import type { TrafficRecord } from "./traffic-record.ts";

/**
 * Traffic beside the probe for one scenario: started with the recorder, stopped with it.
 * `stop` ends the traffic, waits for what is still due, and returns the record; it never
 * throws for the service's failures (those are the record's), only when the generator
 * itself could not run.
 */
export interface TrafficGenerator {
  readonly spec: string;
  readonly source: "load" | "k6";
  start(): Promise<void>;
  /** How long the traffic needs to reach its full rate after start (a ramp); the steady state waits that much longer. */
  readonly warmUpMs?: number;
  /** Requests with an outcome so far, and how many failed: for the steady state's look before anything is broken. */
  progress?(): Promise<{ requests: number; failed: number; reasons: Record<string, number> }>;
  /** Whether any request scheduled since `since` (ms since the epoch) has failed so far: an observation waits for the load to recover too. */
  failedSince?(since: number): boolean;
  stop(): Promise<TrafficRecord>;
}
