import assert from "node:assert/strict";
import type { ClusterSnapshot } from "../../../src/platform/cluster-snapshot.ts";
import { convergence, describePending, isConverged } from "../../../src/platform/convergence.ts";

const node = (host: string, state = "ready") => ({ id: `n-${host}`, host, state, availability: "active", manager: host === "host-1", labels: {} });
const task = (service: string, host: string, state = "running", desired = "running") => ({
  id: `t-${service}-${host}-${state}`,
  serviceId: service,
  service,
  host,
  desired,
  state,
  image: "img",
  at: 0,
});
const services = [
  { id: "wordpress", name: "wp_wordpress", stack: "wp", mode: "replicated" as const, replicas: 2, image: "img", createdAt: 0 },
  { id: "lb", name: "wp_lb", stack: "wp", mode: "global" as const, image: "img", createdAt: 0 },
];

describe("convergence", () => {
  it("is converged when replicas run and every Ready host has a global task", () => {
    const snapshot: ClusterSnapshot = {
      at: 0,
      nodes: [node("host-1"), node("host-2"), node("host-3")],
      services,
      tasks: [task("wordpress", "host-2"), task("wordpress", "host-3"), task("lb", "host-1"), task("lb", "host-2"), task("lb", "host-3")],
    };
    assert.equal(isConverged(snapshot), true);
  });

  it("does not count a task still reported running on a Down host", () => {
    const snapshot: ClusterSnapshot = {
      at: 0,
      nodes: [node("host-1"), node("host-2", "down"), node("host-3")],
      services,
      tasks: [task("wordpress", "host-2"), task("wordpress", "host-3"), task("lb", "host-1"), task("lb", "host-3")],
    };
    const [wordpress, lb] = convergence(snapshot);
    assert.deepEqual(wordpress, { service: "wp_wordpress", desired: 2, running: 1, onUnhealthyHosts: ["host-2"], converged: false });
    // A global service only wants the Ready hosts.
    assert.equal(lb?.desired, 2);
    assert.equal(lb?.converged, true);
  });

  it("ignores tasks that are starting, failed or being shut down", () => {
    const snapshot: ClusterSnapshot = {
      at: 0,
      nodes: [node("host-1"), node("host-2")],
      services: [services[0]!],
      tasks: [task("wordpress", "host-1", "starting"), task("wordpress", "host-2", "failed"), task("wordpress", "host-2", "running", "shutdown")],
    };
    assert.equal(convergence(snapshot)[0]?.running, 0);
  });

  it("describes the tasks still to start: service, host, state, for how long, and the platform's message", () => {
    const snapshot: ClusterSnapshot = {
      at: 30_000,
      nodes: [node("host-1"), node("host-2"), node("host-3")],
      services,
      tasks: [
        task("wordpress", "host-2"),
        { ...task("wordpress", "host-1", "preparing"), at: 4_000, message: "preparing" },
        { ...task("lb", "host-1", "assigned"), at: 6_000, message: "assigned" },
        { ...task("lb", "host-3", "pending"), at: 5_000, message: "no suitable node" },
        task("lb", "host-2", "shutdown", "shutdown"),
      ],
    };
    assert.equal(describePending(snapshot, services), "pending: wordpress@host-1 preparing 26s, lb@host-3 pending 25s (no suitable node), lb@host-1 assigned 24s");
    assert.equal(describePending(snapshot, services, 1), "pending: wordpress@host-1 preparing 26s, 2 more");
    assert.equal(describePending({ ...snapshot, tasks: [task("wordpress", "host-2")] }, services), "");
  });
});
