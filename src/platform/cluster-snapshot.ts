/**
 * What the orchestrator reports at one moment, in the platform's neutral words. Checks
 * and reports read these; only a platform adapter produces them.
 */
export interface NodeState {
  id: string;
  host: string;
  /** ready | down | unknown | disconnected */
  state: string;
  /** active | pause | drain */
  availability: string;
  manager: boolean;
  labels: Record<string, string>;
}

export interface ServiceState {
  id: string;
  name: string;
  stack: string;
  mode: "replicated" | "global";
  /** Desired replicas for replicated services. */
  replicas?: number;
  image: string;
  /** When the service was created (ms since the epoch). */
  createdAt: number;
  /** updating | paused | completed | rollback_started | rollback_paused | rollback_completed */
  updateState?: string;
  updateMessage?: string;
}

export interface TaskState {
  id: string;
  serviceId: string;
  service: string;
  /** Host name of the node the task is on (node id when the node is unknown). */
  host: string;
  desired: string;
  state: string;
  error?: string;
  message?: string;
  image: string;
  containerId?: string;
  /** When the task last changed state (ms since the epoch). */
  at: number;
}

export interface ClusterSnapshot {
  /**
   * When the view was asked for: its oldest part can be no older (the lists it is made of
   * are answered one by one, each up to its timeout, so the moment of the last answer
   * would make the view look fresher than it is).
   */
  at: number;
  /** When the last of its lists was answered; absent on views made before this was recorded (taken as `at`). */
  answeredAt?: number;
  nodes: NodeState[];
  services: ServiceState[];
  tasks: TaskState[];
}

/**
 * A stretch in which an ask for the cluster's view gave none in time: it failed (from the
 * ask until it gave up), or it was answered late (from the ask until the answer, which
 * is kept as a view). What the platform did then was not seen.
 */
export interface ClusterGap {
  from: number;
  to: number;
  what: "failed" | "late";
  /** Why the ask failed, as the engine client said it. */
  error?: string;
}

/** Hosts running a task of the service (by name) in the snapshot, one entry per task. */
export function hostsRunning(snapshot: ClusterSnapshot, service: string): string[] {
  return snapshot.tasks.filter((t) => t.service === service && t.desired === "running" && t.state === "running").map((t) => t.host);
}
