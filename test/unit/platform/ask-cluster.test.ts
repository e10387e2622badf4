import assert from "node:assert/strict";
import type { ClusterSnapshot } from "../../../src/platform/cluster-snapshot.ts";
import { askCluster } from "../../../src/platform/ask-cluster.ts";

const view = (at: number, answeredAt: number): ClusterSnapshot => ({ at, answeredAt, nodes: [], services: [], tasks: [] });

/** A clock that reads the given instants in turn. */
const clock = (...instants: number[]) => () => instants.shift() ?? Number.NaN;

describe("asking the cluster for its view", () => {
  it("records a failed ask as a gap from when it was asked until it gave up, with the error", async () => {
    const platform = { snapshot: () => Promise.reject(Object.assign(new Error("connect ETIMEDOUT 172.18.0.3:2376"), { code: "ETIMEDOUT" })) };
    assert.deepEqual(await askCluster(platform, 1000, clock(5000, 15_000)), {
      gap: { from: 5000, to: 15_000, what: "failed", error: "connect ETIMEDOUT 172.18.0.3:2376" },
    });
  });

  it("keeps a late answer, stamped when asked, and records its lateness as a gap", async () => {
    const platform = { snapshot: async () => view(5000, 9500) };
    assert.deepEqual(await askCluster(platform, 1000, clock(5000, 9500)), { snapshot: view(5000, 9500), gap: { from: 5000, to: 9500, what: "late" } });
  });

  it("keeps a timely answer without a gap", async () => {
    const platform = { snapshot: async () => view(5000, 5200) };
    assert.deepEqual(await askCluster(platform, 1000, clock(5000, 5200)), { snapshot: view(5000, 5200) });
  });
});
