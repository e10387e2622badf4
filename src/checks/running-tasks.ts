import { type ClusterSnapshot, hostsRunning, type TaskState } from "../platform/cluster-snapshot.ts";

/**
 * What a snapshot says of one service's tasks, host by host. "Running" is the rule of
 * `hostsRunning`: observed running AND desired running. A task the platform has given up
 * on (desired shutdown, still "running" on a host it cannot reach) is not running.
 */
export function runningTasks(snapshot: ClusterSnapshot, service: string): TaskState[] {
  return snapshot.tasks.filter((t) => t.service === service && t.desired === "running" && t.state === "running");
}

/** Running tasks of the service per host; hosts without one are absent. */
export function runningPerHost(snapshot: ClusterSnapshot, service: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const host of hostsRunning(snapshot, service)) counts.set(host, (counts.get(host) ?? 0) + 1);
  return counts;
}

/** The node's state as the platform reports it (ready, down, unknown...); undefined when it is not listed. */
export function nodeState(snapshot: ClusterSnapshot, host: string): string | undefined {
  return snapshot.nodes.find((n) => n.host === host)?.state;
}

/** Distinct hosts running a task of the service whose node the platform calls ready. */
export function readyHostsRunning(snapshot: ClusterSnapshot, service: string): string[] {
  return [...runningPerHost(snapshot, service).keys()].filter((host) => nodeState(snapshot, host) === "ready").sort();
}

/** Task ids are long; the first 12 characters are what `docker service ps` shows. */
export function shortTaskId(id: string): string {
  return id.slice(0, 12);
}
