import type { Evidence } from "./evidence.ts";
import type { ClusterGap, ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { ProbeSample } from "../probe/probe-sample.ts";
import type { ItemView } from "../stack/item-client.ts";
import type { LbLogRead } from "../stack/lb-log.ts";
import type { TrafficRecord } from "../traffic/traffic-record.ts";

/**
 * The timestamped record of one scenario. The recorder (history/recorder.ts) is its only
 * writer; checks only read it. All times are milliseconds since the epoch.
 */
export interface History {
  scenario: string;
  /** What was drilled: the stack's names for the things scenarios and checks look at. */
  subject: Subject;
  /** The probe's period: the resolution of every figure taken from the samples. */
  probePeriodMs: number;
  /** HTTP samples through the edge, in start order. */
  samples: ProbeSample[];
  /** The load beside the probe (firedrill's generator or a k6 script), second by second; absent when the probe ran alone. */
  traffic?: TrafficRecord;
  /** Faults injected during the scenario, with their evidence. */
  faults: FaultEvent[];
  /** What the orchestrator reported, sampled on a fixed period. */
  cluster: ClusterSnapshot[];
  /** The period the cluster view was asked for at: how fresh a view can be (the checks' staleness limit is a few of these). */
  clusterPeriodMs: number;
  /** Asks for the cluster's view that failed or were answered late: stretches in which the platform was not seen. */
  clusterGaps: ClusterGap[];
  /** Containers actually running per host and service, asked of each host's own engine. */
  census: ContainerCensus[];
  /** Items written through the edge during the scenario (the stack's durability writes). */
  writes: WriteSample[];
  /** Items present when the scenario ended, among those that had to survive (undefined when they could not be read). */
  finalItems?: ItemView[];
  seedItemId: string;
  /** The title the seed item was written with: it survives only if read back with it (absent: recognised by its id alone). */
  seedItemTitle?: string;
  /** Phase boundaries and actions, for reports. */
  events: HistoryEvent[];
  /** T0: the instant just before the scenario's action (a fault's action, an update call, a switch). */
  t0: number;
  /** The end of the observation window. */
  windowEnd: number;
  /** The services whose convergence is judged (full Swarm names, e.g. notes_app). */
  services: string[];
  /** Named moments a scenario's own checks measure from ("switched", "rollback started"). */
  marks: Record<string, number>;
  /** Facts a scenario established on the way, for its checks and the report. */
  facts: ScenarioFacts;
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
  /** How often the condition was reached and then lost again before it held (flapping). */
  relapses?: number;
}

/** The stack as a history names it (Swarm service names, version names). */
export interface Subject {
  /** The stack's name (its folder). */
  stack: string;
  namespace: string;
  /** The service users' traffic reaches. */
  traffic: string;
  /** Its replicas in the baseline. */
  replicas: number;
  /** The stateful service, pinned to `pinnedHost`. */
  stateful: string;
  pinnedHost: string;
  /** A spread rule the stack declares for a service. */
  spread?: { service: string; maxPerNode: number };
  versions: { baseline: string; next?: string; broken?: string };
}

/** What a scenario established on the way, by name: each a typed fact its checks read. */
export interface ScenarioFacts {
  /** The host the scenario acted on (halted, squatted, blocked, froze). */
  targetHost?: string;
  /** What made the previous version something to roll back to. */
  rollbackCandidate?: RollbackCandidate;
  /** The addresses of the target host's tasks of the traffic service before the fault: the lbs' logs name servers by address. */
  targetAddresses?: string[];
  /** The other hosts' lbs' own logs of the window (what they sent to the target's tasks), read after the observation. */
  lbLog?: LbLogRead;
}

/** What makes a version something to roll back to, established before the upgrade. */
export interface RollbackCandidate {
  image: string;
  inRegistry: boolean;
  /** Hosts that have the image cached. */
  cachedOn: string[];
  /** Of those, the ones still healthy when the rollback starts. */
  usableOn?: string[];
  previousSpecKept?: boolean;
}

/** How often the recorder asks for the cluster's view unless told otherwise. */
export const CLUSTER_PERIOD_DEFAULT_MS = 1000;

export const NO_SUBJECT: Subject = { stack: "", namespace: "", traffic: "", replicas: 0, stateful: "", pinnedHost: "", versions: { baseline: "" } };

/** A history with nothing recorded yet. */
export function emptyHistory(scenario: string, probePeriodMs: number, seedItemId = "", subject: Subject = NO_SUBJECT): History {
  return {
    scenario,
    subject,
    probePeriodMs,
    samples: [],
    faults: [],
    cluster: [],
    clusterPeriodMs: CLUSTER_PERIOD_DEFAULT_MS,
    clusterGaps: [],
    census: [],
    writes: [],
    seedItemId,
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
  itemId?: string;
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
