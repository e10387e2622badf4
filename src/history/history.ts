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
  /** T0: the instant just before the scenario's action (a fault's action, an update call, a switch). */
  t0: number;
  /** The end of the observation window. */
  windowEnd: number;
  /** The services whose convergence is judged (full Swarm names, e.g. wp_wordpress). */
  services: string[];
  /** Named moments a scenario's own checks measure from ("switched", "rollback started"). */
  marks: Record<string, number>;
  /** Facts a scenario established on the way, for its checks and the report (candidate hosts...). */
  facts: Record<string, unknown>;
  /** Stretches when the runner itself was not scheduled (its event loop stalled): what was measured then is unknown. */
  stalls: Stall[];
  /** Each observation a scenario made: whether it settled (recovered, converged) before its limit. */
  observations: Observation[];
}

export interface Stall {
  from: number;
  to: number;
}

export interface Observation {
  /** What was awaited, for the report ("recovered and converged", "v2 served"). */
  what: string;
  from: number;
  to: number;
  /** The limit it had, from T0. */
  maxMs: number;
  settled: boolean;
}

/** A history with nothing recorded yet. */
export function emptyHistory(scenario: string, probePeriodMs: number, seedPostId = 0): History {
  return {
    scenario,
    probePeriodMs,
    samples: [],
    faults: [],
    cluster: [],
    census: [],
    writes: [],
    seedPostId,
    events: [],
    t0: 0,
    windowEnd: 0,
    services: [],
    marks: {},
    facts: {},
    stalls: [],
    observations: [],
  };
}

export interface FaultEvent {
  id: string;
  kind: string;
  host: string;
  options: Record<string, string | number | boolean>;
  /** The instant just before its action (the stop, the SIGSTOP, the rule): T0 when it sets T0. */
  injectedAt: number;
  /** When its first evidence was seen: reported beside T0 ("effect seen at T0+x"), never instead of it. */
  effectSeenAt?: number;
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
  /** The Swarm task id of each of those containers, per service: duplicates are found task by task. */
  tasks?: Record<string, string[]>;
}

export interface HistoryEvent {
  at: number;
  kind: "phase" | "action" | "note";
  what: string;
}
