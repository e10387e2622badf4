import type { ClusterSnapshot, ServiceState } from "./cluster-snapshot.ts";

export interface ServiceConvergence {
  service: string;
  desired: number;
  running: number;
  /** Running tasks on nodes that are not Ready: counted as missing, listed for the report. */
  onUnhealthyHosts: string[];
  converged: boolean;
}

/**
 * Whether each service runs its desired tasks on Ready hosts. A global service wants
 * one task per Ready, active node; a task still "running" on a Down node does not count
 * (the platform cannot see it, so it cannot be trusted to serve).
 */
export function convergence(snapshot: ClusterSnapshot, services: readonly ServiceState[] = snapshot.services): ServiceConvergence[] {
  const healthy = new Set(snapshot.nodes.filter((n) => n.state === "ready" && n.availability === "active").map((n) => n.host));
  return services.map((service) => {
    const live = snapshot.tasks.filter((t) => t.serviceId === service.id && t.desired === "running" && t.state === "running");
    const running = live.filter((t) => healthy.has(t.host));
    const desired = service.mode === "global" ? healthy.size : (service.replicas ?? 0);
    const runningCount = service.mode === "global" ? new Set(running.map((t) => t.host)).size : running.length;
    return {
      service: service.name,
      desired,
      running: runningCount,
      onUnhealthyHosts: live.filter((t) => !healthy.has(t.host)).map((t) => t.host),
      converged: runningCount >= desired,
    };
  });
}

export function isConverged(snapshot: ClusterSnapshot, services?: readonly ServiceState[]): boolean {
  return convergence(snapshot, services).every((s) => s.converged);
}

export function describeConvergence(states: readonly ServiceConvergence[]): string {
  return states.map((s) => `${s.service} ${s.running}/${s.desired}`).join(", ");
}
