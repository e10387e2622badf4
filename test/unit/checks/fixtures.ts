import { emptyHistory, type History } from "../../../src/history/history.ts";
import type { ClusterSnapshot, NodeState, ServiceState, TaskState } from "../../../src/platform/cluster-snapshot.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";

/**
 * Probe samples from a picture of them, one character per probe period:
 *   "+" a successful sample, "-" a failed one, "." a period with no sample (a hole).
 * Spaces are ignored and take no time, so "+++ --- +++" reads as three phases.
 */
export function probe(pattern: string, { start = 0, period = 100 }: { start?: number; period?: number } = {}): ProbeSample[] {
  const samples: ProbeSample[] = [];
  let slot = 0;
  for (const c of pattern) {
    if (c === " ") continue;
    const at = start + slot * period;
    slot++;
    if (c === "+") samples.push({ start: at, latencyMs: 10, status: 200, ok: true });
    else if (c === "-") samples.push({ start: at, latencyMs: period, error: "timeout", ok: false });
    else if (c !== ".") throw new Error(`probe pattern: unexpected ${JSON.stringify(c)}`);
  }
  return samples;
}

/** A history with nothing in it but what the test states; the seed post (id 1) is present. */
export function history(overrides: Partial<History> = {}): History {
  return { ...emptyHistory("test", 100, "1"), finalItems: [{ id: "1", title: "seed" }], ...overrides };
}

export const node = (host: string, state = "ready"): NodeState => ({
  id: `n-${host}`,
  host,
  state,
  availability: "active",
  manager: host === "host-1",
  labels: {},
});

export const service = (name: string, mode: "replicated" | "global", replicas?: number): ServiceState => ({
  id: name,
  name,
  stack: "wp",
  mode,
  replicas,
  image: "img",
  createdAt: 0,
});

export const task = (serviceName: string, host: string): TaskState => ({
  id: `t-${serviceName}-${host}`,
  serviceId: serviceName,
  service: serviceName,
  host,
  desired: "running",
  state: "running",
  image: "img",
  at: 0,
});

/**
 * A snapshot from a compact description: `down` are the hosts the platform itself
 * calls down; `tasks` maps each service to the hosts its running tasks are on.
 */
export function snapshot(
  at: number,
  { hosts = ["host-1", "host-2", "host-3"], down = [], services, tasks }: {
    hosts?: string[];
    down?: string[];
    services: ServiceState[];
    tasks: Record<string, string[]>;
  },
): ClusterSnapshot {
  return {
    at,
    nodes: hosts.map((h) => node(h, down.includes(h) ? "down" : "ready")),
    services,
    tasks: Object.entries(tasks).flatMap(([name, on]) => on.map((h) => task(name, h))),
  };
}
