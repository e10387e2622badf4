import type { Evidence } from "../faults/fault.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { ProbeSample } from "../probe/probe-sample.ts";
import type { PostView } from "../stack/wordpress-client.ts";

/**
 * The timestamped record of one scenario. Probes and samplers only append to it; checks
 * only read it. All times are milliseconds since the epoch.
 */
export interface History {
  scenario: string;
  /** The probe's period: the resolution of every figure taken from the samples. */
  probePeriodMs: number;
  /** HTTP samples through the edge, in start order. */
  samples: ProbeSample[];
  /** Faults injected during the scenario, with their evidence. */
  faults: FaultEvent[];
  /** What the orchestrator reported, sampled on a fixed period. */
  cluster: ClusterSnapshot[];
  /** Containers actually running per host and service, asked of each host's own engine. */
  census: ContainerCensus[];
  /** Posts written through the edge during the scenario. */
  writes: WriteSample[];
  /** Posts present when the scenario ended (undefined when they could not be read). */
  finalPosts?: PostView[];
  seedPostId: number;
  /** Phase boundaries and actions, for reports. */
  events: HistoryEvent[];
  /** T0: when the scenario's disturbance took effect (a fault's evidence, or an action's start). */
  t0: number;
  /** The end of the observation window. */
  windowEnd: number;
  /** The services whose convergence is judged (full Swarm names, e.g. wp_wordpress). */
  services: string[];
  /** Named moments a scenario's own checks measure from ("switched", "rollback started"). */
  marks: Record<string, number>;
  /** Facts a scenario established on the way, for its checks and the report (candidate hosts...). */
  facts: Record<string, unknown>;
}

export interface FaultEvent {
  id: string;
  kind: string;
  host: string;
  options: Record<string, string | number | boolean>;
  /** When it took effect (its first evidence). */
  injectedAt: number;
  /** Whether the host is out of service while it lasts (a halt, a freeze); absent means yes. */
  disablesHost?: boolean;
  evidence: Evidence[];
  /** When its revert finished; undefined while in effect. */
  revertedAt?: number;
  revertEvidence?: Evidence[];
}

export interface WriteSample {
  at: number;
  title: string;
  ok: boolean;
  postId?: number;
  error?: string;
  latencyMs: number;
}

export interface ContainerCensus {
  at: number;
  host: string;
  /** Running containers per Swarm service name; undefined when the host's engine did not answer. */
  running?: Record<string, number>;
}

export interface HistoryEvent {
  at: number;
  kind: "phase" | "action" | "note";
  what: string;
}
