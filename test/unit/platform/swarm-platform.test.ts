import assert from "node:assert/strict";
import type { StartedLab } from "../../../src/lab/started-lab.ts";
import { SwarmPlatform } from "../../../src/platform/swarm-platform.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A manager whose engine answers the three list calls after `delays` ms, with literal Swarm JSON. */
function labAnswering(delays: { nodes: number; services: number; tasks: number }): StartedLab {
  const docker = {
    listNodes: async () => {
      await sleep(delays.nodes);
      return [{ ID: "n1", Description: { Hostname: "host-1" }, Status: { State: "ready" }, Spec: { Availability: "active", Role: "manager", Labels: { "firedrill.host": "host-1" } } }];
    },
    listServices: async () => {
      await sleep(delays.services);
      return [{ ID: "s1", CreatedAt: "2024-05-01T10:00:00Z", Spec: { Name: "wp_lb", Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: "haproxy:3" } } } }];
    },
    listTasks: async () => {
      await sleep(delays.tasks);
      return [{ ID: "t1", ServiceID: "s1", NodeID: "n1", DesiredState: "running", Status: { State: "running", Timestamp: "2024-05-01T10:00:05Z" }, Spec: { ContainerSpec: { Image: "haproxy:3" } } }];
    },
  };
  return { manager: { engine: () => docker } } as unknown as StartedLab;
}

describe("swarm platform: snapshots", () => {
  it("stamps a snapshot when it was asked, and says when it was answered", async () => {
    const asked = Date.now();
    const snapshot = await new SwarmPlatform(labAnswering({ nodes: 5, services: 10, tasks: 120 })).snapshot();
    const answered = Date.now();
    // The nodes were listed 5ms after the ask; stamping after the slowest call (the tasks)
    // would make the whole view look 100ms fresher than its oldest part.
    assert.ok(snapshot.at - asked < 50, `stamped ${snapshot.at - asked}ms after the ask`);
    assert.ok(snapshot.answeredAt !== undefined && snapshot.answeredAt - snapshot.at >= 110, `answered ${snapshot.answeredAt! - snapshot.at}ms after`);
    assert.ok(snapshot.answeredAt! <= answered);
    assert.deepEqual(snapshot.tasks.map((t) => `${t.service}@${t.host} ${t.state}`), ["wp_lb@host-1 running"]);
  });
});
