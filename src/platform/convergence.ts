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

/**
 * The tasks the platform wants running that are not yet, with their state, host and how
 * long they have been in it ("wp_lb@host-1 preparing 24s"): what a slow convergence is
 * waiting for. The counts alone ("wp_lb 2/3") do not tell a pull from a scheduling wait.
 */
export function describePending(snapshot: ClusterSnapshot, services: readonly ServiceState[], limit = 4): string {
  const ids = new Set(services.map((s) => s.id));
  const pending = snapshot.tasks
    .filter((t) => ids.has(t.serviceId) && t.desired === "running" && t.state !== "running")
    .sort((a, b) => a.at - b.at);
  const shown = pending.slice(0, limit).map((t) => {
    const age = t.at > 0 ? ` ${Math.max(0, Math.round((snapshot.at - t.at) / 1000))}s` : "";
    return `${t.service}@${t.host} ${t.state}${age}${t.message && t.message !== t.state ? ` (${t.message})` : ""}`;
  });
  if (pending.length > limit) shown.push(`${pending.length - limit} more`);
  return shown.length ? `pending: ${shown.join(", ")}` : "";
}

/** Why the services are not converged: their counts, then what is pending ("wp_lb 2/3; pending: wp_lb@host-2 preparing 27s"). */
export function whyNotConverged(snapshot: ClusterSnapshot, services: readonly ServiceState[]): string {
  return [describeConvergence(convergence(snapshot, services)), describePending(snapshot, services)].filter(Boolean).join("; ");
}
