import assert from "node:assert/strict";
import type { ClusterSnapshot } from "../../../src/platform/cluster-snapshot.ts";
import { clusterSnapshotText, snapshotsAround } from "../../../src/report/cluster-text.ts";
import { history, T } from "./fixtures.ts";

const snapshot: ClusterSnapshot = {
  at: T + 5000,
  nodes: [
    { id: "n2", host: "host-2", state: "down", availability: "drain", manager: false, labels: {} },
    { id: "n1", host: "host-1", state: "ready", availability: "active", manager: true, labels: {} },
  ],
  services: [],
  tasks: [
    { id: "t2", serviceId: "s1", service: "wp_wordpress", host: "host-2", desired: "shutdown", state: "failed", error: "task: non-zero exit (137)\nkilled", image: "wp", at: T },
    { id: "t1", serviceId: "s2", service: "wp_db", host: "host-1", desired: "running", state: "running", image: "db", at: T },
    {
      id: "t3",
      serviceId: "s1",
      service: "wp_wordpress",
      host: "host-1",
      desired: "running",
      state: "pending",
      error: "no suitable node (scheduling constraints not satisfied on 3 nodes)",
      image: "wp",
      at: T,
    },
  ],
};

const at = (offset: number): ClusterSnapshot => ({ at: T + offset, nodes: [], services: [], tasks: [] });

describe("cluster text", () => {
  it("tabulates the nodes and the tasks, sorted, with each task's error on its own row", () => {
    const lines = clusterSnapshotText(snapshot).split("\n");
    assert.equal(lines[0], "cluster at 2024-05-01T10:00:05.000Z");
    const nodes = lines.slice(lines.indexOf("nodes (2)") + 1, lines.indexOf("nodes (2)") + 5);
    assert.deepEqual(nodes, [
      "  host    state  availability  manager",
      "  ------  -----  ------------  -------",
      "  host-1  ready  active        yes",
      "  host-2  down   drain         no",
    ]);
    const tasks = lines.slice(lines.indexOf("tasks (3)") + 3, lines.indexOf("tasks (3)") + 6);
    assert.deepEqual(tasks, [
      "  wp_db         host-1  running   running",
      "  wp_wordpress  host-1  running   pending  no suitable node (scheduling constraints not satisfied on 3 nodes)",
      // A line break inside an error would break the table: it becomes a space.
      "  wp_wordpress  host-2  shutdown  failed   task: non-zero exit (137) killed",
    ]);
    assert.match(lines[lines.indexOf("tasks (3)") + 1]!, /^ {2}service +host +desired +state +error$/);
  });

  it("says none for a snapshot with no nodes or tasks", () => {
    assert.equal(clusterSnapshotText(at(0)), "cluster at 2024-05-01T10:00:00.000Z\n\nnodes (0)\n  none\n\ntasks (0)\n  none\n");
  });
});

describe("snapshots around", () => {
  it("picks the last before T0, the one nearest the window's middle and the last, by time", () => {
    // Window [T, T+10s], middle T+5s; recorded out of order.
    const cluster = [at(6500), at(-500), at(12_000), at(-2000), at(4000), at(1000), at(9000)];
    const picked = snapshotsAround(history({ t0: T, windowEnd: T + 10_000, cluster }));
    assert.equal(picked.before?.at, T - 500);
    assert.equal(picked.during?.at, T + 4000);
    assert.equal(picked.after?.at, T + 12_000);
  });

  it("takes the earlier of two snapshots equally near the middle, and only from inside the window", () => {
    const tie = snapshotsAround(history({ t0: T, windowEnd: T + 10_000, cluster: [at(6000), at(4000)] }));
    assert.equal(tie.during?.at, T + 4000);
    // Outside the window even though nearer its middle than nothing: no "during".
    const outside = snapshotsAround(history({ t0: T, windowEnd: T + 10_000, cluster: [at(-100), at(10_100)] }));
    assert.equal(outside.during, undefined);
    assert.equal(outside.before?.at, T - 100);
    assert.equal(outside.after?.at, T + 10_100);
  });

  it("leaves out what the history does not have", () => {
    assert.deepEqual(snapshotsAround(history({ t0: T, windowEnd: T + 10_000 })), {});
    const late = snapshotsAround(history({ t0: T, windowEnd: T + 10_000, cluster: [at(0), at(3000)] }));
    assert.equal(late.before, undefined, "a snapshot at T0 itself is not before it");
    assert.equal(late.during?.at, T + 3000);
    assert.equal(late.after?.at, T + 3000);
  });
});
