import assert from "node:assert/strict";
import type { Budget } from "../../../src/checks/budget.ts";
import { PLACEMENT_RECOVERED_DEFAULT_MS, pinnedRecovered } from "../../../src/checks/pinned-recovered.ts";
import { pinnedReportedUnavailable } from "../../../src/checks/pinned-reported-unavailable.ts";
import { pinnedStayedPut } from "../../../src/checks/pinned-stayed-put.ts";
import { spreadKept } from "../../../src/checks/spread-kept.ts";
import { spreadRestored } from "../../../src/checks/spread-restored.ts";
import type { FaultEvent, History } from "../../../src/history/history.ts";
import type { ClusterSnapshot, TaskState } from "../../../src/platform/cluster-snapshot.ts";
import { history as anyHistory, node, service } from "./fixtures.ts";

// The pinned host is host-2 (it carries node.labels.firedrill.db); it halts at T0 = 10s
// and is back (the revert done, its node ready) at 40s; the window ends at 60s.
const DB = "wp_db";
const WEB = "wp_web";
const PINNED = { service: DB, pinnedHost: "host-2" };
const HOSTS = ["host-1", "host-2", "host-3"];

const halt = (over: Partial<FaultEvent> = {}): FaultEvent => ({
  id: "f-1",
  kind: "host-halt",
  host: "host-2",
  options: {},
  injectedAt: 10_000,
  evidence: [],
  revertedAt: 40_000,
  ...over,
});

// The views below are up to 16s apart: asked every 10s, they are fresh for 30s (stale
// views have their own tests, stale-cluster-views.test.ts).
const history = (cluster: ClusterSnapshot[], over: Partial<History> = {}): History =>
  anyHistory({ t0: 10_000, windowEnd: 60_000, faults: [halt()], clusterPeriodMs: 10_000, cluster, ...over });

/** A task with the id Swarm would give it (25 characters); running unless said otherwise. */
const task = (svc: string, host: string, id: string, over: Partial<TaskState> = {}): TaskState => ({
  id: `${id}${"x".repeat(25 - id.length)}`,
  serviceId: svc,
  service: svc,
  host,
  desired: "running",
  state: "running",
  image: "img",
  at: 0,
  ...over,
});

/** The db's replacement while its only host is down: pending, no node to go to. */
const pendingDb = (id = "dbpending01") =>
  task(DB, "", id, { state: "pending", error: "no suitable node (scheduling constraints not satisfied on 3 nodes)", message: "pending task scheduling" });

/** A snapshot of db (1 replica) and web (3 replicas, max 1 per node): `db` and `web` list the hosts of their running tasks. */
function snap(
  at: number,
  { down = [], db = [], web = [], extra = [], dbReplicas = 1 }: { down?: string[]; db?: string[]; web?: string[]; extra?: TaskState[]; dbReplicas?: number },
): ClusterSnapshot {
  return {
    at,
    nodes: HOSTS.map((h) => node(h, down.includes(h) ? "down" : "ready")),
    services: [service(DB, "replicated", dbReplicas), service(WEB, "replicated", 3)],
    tasks: [...db.map((h, i) => task(DB, h, `db${h}n${i}`)), ...web.map((h, i) => task(WEB, h, `web${h}n${i}`)), ...extra],
  };
}

/** A halt as it should go: noticed at 25s, the db pending until the host is back, on host-2 again at 46s. */
const good = () =>
  history([
    snap(5000, { db: ["host-2"], web: HOSTS }),
    snap(10_000, { db: ["host-2"], web: HOSTS }),
    snap(25_000, { down: ["host-2"], web: ["host-1", "host-3"], extra: [pendingDb(), task(WEB, "", "webpending", { state: "pending" })] }),
    snap(30_000, { down: ["host-2"], web: ["host-1", "host-3"], extra: [pendingDb(), task(WEB, "", "webpending", { state: "pending" })] }),
    snap(41_000, { web: ["host-1", "host-3"], extra: [pendingDb()] }),
    snap(46_000, { db: ["host-2"], web: HOSTS }),
    snap(50_000, { db: ["host-2"], web: HOSTS }),
  ]);

describe("placement: pinned service stayed on its host", () => {
  it("passes when no task of it runs on another host from T0 on", () => {
    assert.deepEqual(pinnedStayedPut(good(), PINNED), {
      name: "wp_db stayed on host-2",
      unit: "count",
      status: "passed",
      measured: 0,
      budget: 0,
      bounds: { best: 0, worst: 0 },
      fromPlatform: true,
      detail: "no task of wp_db ran on a host other than host-2 in the 6 snapshots from T0 to the end of the window",
    });
  });

  it("fails a task moved to another host while its host is down, naming the moment, host and task", () => {
    const h = history([
      snap(10_000, { db: ["host-2"] }),
      snap(25_000, { down: ["host-2"], db: ["host-3"] }),
      snap(30_000, { down: ["host-2"], db: ["host-3"] }),
      snap(46_000, { db: ["host-2"] }),
    ]);
    assert.deepEqual(pinnedStayedPut(h, PINNED), {
      name: "wp_db stayed on host-2",
      unit: "count",
      status: "failed",
      measured: 2,
      budget: 0,
      bounds: { best: 2, worst: 2 },
      fromPlatform: true,
      detail: "wp_db ran against its constraint to host-2: at T0+15s on host-3 (task dbhost-3n0xx); in 2 of 4 snapshots from T0",
    });
  });

  it("fails a task on another host after the return too", () => {
    const r = pinnedStayedPut(history([snap(10_000, { db: ["host-2"] }), snap(46_000, { db: ["host-2", "host-1"], dbReplicas: 2 })]), PINNED);
    assert.equal(r.status, "failed");
    assert.equal(r.detail, "wp_db ran against its constraint to host-2: at T0+36s on host-1 (task dbhost-1n1xx); in 1 of 2 snapshots from T0");
  });

  it("does not count a task the platform has given up on (desired shutdown) or one not yet running", () => {
    const h = history([
      snap(10_000, { db: ["host-2"] }),
      snap(25_000, { down: ["host-2"], extra: [task(DB, "host-3", "dbstarting", { state: "starting" }), task(DB, "host-1", "dbstale", { desired: "shutdown" })] }),
      snap(45_000, { db: ["host-2"] }),
    ]);
    assert.equal(pinnedStayedPut(h, PINNED).status, "passed");
  });

  it("judges only from T0 to the end of the window", () => {
    const h = history([snap(9999, { db: ["host-3"] }), snap(10_000, { db: ["host-2"] }), snap(35_000, { db: ["host-2"] }), snap(60_001, { db: ["host-3"] })]);
    assert.equal(pinnedStayedPut(h, PINNED).status, "passed");
  });

  it("cannot judge without the fault on the pinned host, or a service or host the platform never reported", () => {
    const noFault = pinnedStayedPut(history(good().cluster, { faults: [halt({ host: "host-3" })] }), PINNED);
    assert.equal(noFault.status, "unknown");
    assert.equal(noFault.detail, "could not be checked: no fault on host-2 in the history");
    const misspelt = pinnedStayedPut(good(), { service: "wp_dbx", pinnedHost: "host-2" });
    assert.equal(misspelt.status, "unknown");
    assert.equal(misspelt.detail, "could not be checked: the platform did not report wp_dbx from T0 to the end of the window");
    const noHost = pinnedStayedPut(history(good().cluster, { faults: [halt({ host: "host-9" })] }), { service: DB, pinnedHost: "host-9" });
    assert.equal(noHost.status, "unknown");
    assert.equal(noHost.detail, "could not be checked: the platform did not report a node for host-9 from T0 to the end of the window");
    const empty = pinnedStayedPut(history([snap(5000, { db: ["host-2"] })]), PINNED);
    assert.equal(empty.detail, "could not be checked: no cluster snapshot from T0 to the end of the window");
  });
});

describe("placement: pinned service reported unavailable while its host is down", () => {
  it("passes when nothing of it runs while the platform calls the host down, and reports what the platform said", () => {
    assert.deepEqual(pinnedReportedUnavailable(good(), PINNED), {
      name: "wp_db reported unavailable while host-2 was down",
      unit: "count",
      status: "passed",
      measured: 0,
      budget: 0,
      bounds: { best: 0, worst: 0 },
      fromPlatform: true,
      detail:
        'no task of wp_db running in 2 snapshots with host-2 down (T0+15s to T0+20s); its tasks: pending "no suitable node (scheduling constraints not satisfied on 3 nodes)"',
    });
  });

  it("does not judge the snapshots before the platform notices, nor those once the host is ready again before the revert finished", () => {
    const h = history([
      snap(10_000, { db: ["host-2"] }),
      snap(12_000, { db: ["host-2"] }),
      snap(25_000, { down: ["host-2"], extra: [pendingDb()] }),
      snap(38_000, { db: ["host-2"] }),
    ]);
    const r = pinnedReportedUnavailable(h, PINNED);
    assert.equal(r.status, "passed");
    assert.equal(r.detail, 'no task of wp_db running in 1 snapshot with host-2 down (at T0+15s); its tasks: pending "no suitable node (scheduling constraints not satisfied on 3 nodes)"');
  });

  it("fails a task running on another host while the host is down", () => {
    const h = history([
      snap(10_000, { db: ["host-2"] }),
      snap(25_000, { down: ["host-2"], extra: [pendingDb()] }),
      snap(30_000, { down: ["host-2"], db: ["host-1"] }),
      snap(35_000, { down: ["host-2"], db: ["host-1"] }),
    ]);
    assert.deepEqual(pinnedReportedUnavailable(h, PINNED), {
      name: "wp_db reported unavailable while host-2 was down",
      unit: "count",
      status: "failed",
      measured: 2,
      budget: 0,
      bounds: { best: 2, worst: 2 },
      fromPlatform: true,
      detail: "wp_db reported running while host-2 was down: at T0+20s on host-1 (task dbhost-1n0xx); in 2 of 3 snapshots with host-2 down (T0+15s to T0+25s)",
    });
  });

  it("fails a task the platform still wants running, and calls running, on the down host itself", () => {
    const r = pinnedReportedUnavailable(history([snap(10_000, { db: ["host-2"] }), snap(25_000, { down: ["host-2"], db: ["host-2"] })]), PINNED);
    assert.equal(r.status, "failed");
    assert.equal(r.detail, "wp_db reported running while host-2 was down: at T0+15s on host-2 (the down host) (task dbhost-2n0xx); in 1 of 1 snapshot with host-2 down (at T0+15s)");
  });

  it("passes a stale task left on the down host once the platform wants it shut down", () => {
    const stale = task(DB, "host-2", "dbstale", { desired: "shutdown" });
    const r = pinnedReportedUnavailable(history([snap(25_000, { down: ["host-2"], extra: [stale, pendingDb()] })]), PINNED);
    assert.equal(r.status, "passed");
  });

  it("fails when the host is never seen down: a fault not in effect never passes", () => {
    const h = history([snap(10_000, { db: ["host-2"] }), snap(25_000, { db: ["host-2"] }), snap(41_000, { down: ["host-2"] })]);
    assert.deepEqual(pinnedReportedUnavailable(h, PINNED), {
      name: "wp_db reported unavailable while host-2 was down",
      unit: "count",
      status: "failed",
      budget: 0,
      fromPlatform: true,
      detail:
        "never observed host-2 down: in none of 2 snapshots from T0 to the revert did the platform call its node anything but ready, so whether wp_db was kept off other hosts could not be judged",
    });
  });

  it("says so when the pinned host is not among the nodes the platform listed", () => {
    const h = history([snap(10_000, { db: ["host-2"] })], { faults: [halt({ host: "host-9" })] });
    const r = pinnedReportedUnavailable(h, { service: DB, pinnedHost: "host-9" });
    assert.equal(r.status, "failed");
    assert.equal(
      r.detail,
      "never observed host-9 down: in none of 1 snapshot from T0 to the revert did the platform call its node anything but ready (it did not list host-9 at all), so whether wp_db was kept off other hosts could not be judged",
    );
  });

  it("judges a fault never reverted up to the end of the window", () => {
    const h = history([snap(10_000, { db: ["host-2"] }), snap(45_000, { down: ["host-2"], db: ["host-3"] })], { faults: [halt({ revertedAt: undefined })] });
    assert.equal(pinnedReportedUnavailable(h, PINNED).status, "failed");
    assert.equal(pinnedReportedUnavailable(h, PINNED).measured, 1);
  });
});

describe("placement: pinned service back on its host after the revert", () => {
  const budget: Budget = { placementRecoveredMs: 60_000 };

  it("is from the revert to the first snapshot with a task on the pinned host, desired replicas met", () => {
    assert.deepEqual(pinnedRecovered(good(), PINNED, budget), {
      name: "wp_db back on host-2",
      unit: "ms",
      status: "passed",
      measured: 6000,
      bounds: { best: 6000, worst: 6000 },
      budget: 60_000,
      fromPlatform: true,
      detail: "wp_db running on host-2 again 6s after the revert (at T0+36s) (budget 60s)",
    });
  });

  it("passes a budget met exactly and fails one exceeded by one millisecond (recovered after budget)", () => {
    const met = pinnedRecovered(good(), PINNED, { placementRecoveredMs: 6000 });
    assert.equal(met.status, "passed");
    const late = pinnedRecovered(good(), PINNED, { placementRecoveredMs: 5999 });
    assert.equal(late.status, "failed");
    assert.equal(late.measured, 6000);
    assert.equal(late.budget, 5999);
    assert.equal(late.detail, "wp_db running on host-2 again 6s after the revert (at T0+36s) (budget 5.999s)");
  });

  it("reports the figure unjudged without a budget", () => {
    const r = pinnedRecovered(good(), PINNED, {});
    assert.equal(r.status, "passed");
    assert.equal(r.detail, "wp_db running on host-2 again 6s after the revert (at T0+36s) (no budget)");
  });

  it("fails when it never runs on the pinned host again in the window, whatever the budget", () => {
    const h = history([snap(10_000, { db: ["host-2"] }), snap(25_000, { down: ["host-2"], extra: [pendingDb()] }), snap(41_000, { extra: [pendingDb()] }), snap(59_000, { extra: [pendingDb()] }), snap(61_000, { db: ["host-2"] })]);
    assert.deepEqual(pinnedRecovered(h, PINNED, {}), {
      name: "wp_db back on host-2",
      unit: "ms",
      status: "failed",
      budget: undefined,
      fromPlatform: true,
      detail: "wp_db never ran on host-2 again after the revert: at T0+49s host-2 is ready, 0 of 1 desired running there (no budget)",
    });
  });

  it("waits for the desired replicas and for the pinned host's node to be ready", () => {
    const h = history([
      snap(41_000, { down: ["host-2"], db: ["host-2"], dbReplicas: 2 }),
      snap(43_000, { db: ["host-2"], dbReplicas: 2 }),
      snap(47_000, { db: ["host-2", "host-2"], dbReplicas: 2 }),
    ]);
    assert.equal(pinnedRecovered(h, PINNED, budget).measured, 7000);
  });

  it("cannot judge a fault never reverted, or a window with no snapshot after the revert", () => {
    const open = pinnedRecovered(history(good().cluster, { faults: [halt({ revertedAt: undefined })] }), PINNED, budget);
    assert.equal(open.status, "unknown");
    assert.equal(open.budget, 60_000);
    assert.equal(open.detail, "could not be checked: the host-halt on host-2 was never reverted in the history");
    const none = pinnedRecovered(history([snap(10_000, { db: ["host-2"] })]), PINNED, budget);
    assert.equal(none.status, "unknown");
    assert.equal(none.detail, "could not be checked: no cluster snapshot after the revert");
  });

  it("suggests a default budget a probe period can measure", () => {
    assert.equal(PLACEMENT_RECOVERED_DEFAULT_MS, 60_000);
  });
});

describe("placement: spread kept (at most maxPerNode per host)", () => {
  const LIMIT = { service: WEB, maxPerNode: 1 };

  it("passes when no host runs more than the limit, before, during and after the fault", () => {
    assert.deepEqual(spreadKept(good(), LIMIT), {
      name: "wp_web at most 1 per host",
      unit: "count",
      status: "passed",
      measured: 1,
      budget: 1,
      bounds: { best: 1, worst: 1 },
      fromPlatform: true,
      detail: "no host ran more than 1 task(s) of wp_web in the 7 snapshots of the window (at most 1 on one host)",
    });
  });

  it("fails two replicas on one host during the outage, naming the moment, host and count", () => {
    const h = history([
      snap(10_000, { web: HOSTS }),
      snap(25_000, { down: ["host-2"], web: ["host-1", "host-3", "host-3"] }),
      snap(30_000, { down: ["host-2"], web: ["host-1", "host-3", "host-3"] }),
      snap(46_000, { web: HOSTS }),
    ]);
    assert.deepEqual(spreadKept(h, LIMIT), {
      name: "wp_web at most 1 per host",
      unit: "count",
      status: "failed",
      measured: 2,
      budget: 1,
      bounds: { best: 2, worst: 2 },
      fromPlatform: true,
      detail: "host-3 ran 2 tasks of wp_web at T0+15s, over the limit of 1 per host; over it in 2 of 4 snapshots (at most 2 on one host)",
    });
  });

  it("judges the steady state before T0 too, but nothing after the window", () => {
    const before = spreadKept(history([snap(5000, { web: ["host-1", "host-1", "host-3"] }), snap(10_000, { web: HOSTS })]), LIMIT);
    assert.equal(before.status, "failed");
    assert.equal(before.detail, "host-1 ran 2 tasks of wp_web at T0-5s, over the limit of 1 per host; over it in 1 of 2 snapshots (at most 2 on one host)");
    const after = spreadKept(history([snap(10_000, { web: HOSTS }), snap(35_000, { web: HOSTS }), snap(60_001, { web: ["host-1", "host-1", "host-1"] })]), LIMIT);
    assert.equal(after.status, "passed");
  });

  it("holds a limit above one", () => {
    const h = history([snap(25_000, { down: ["host-2"], web: ["host-1", "host-1", "host-3"] }), snap(50_000, { web: ["host-1", "host-1", "host-3"] })]);
    assert.equal(spreadKept(h, { service: WEB, maxPerNode: 2 }).status, "passed");
    assert.equal(spreadKept(h, { service: WEB, maxPerNode: 0 }).status, "unknown");
  });
});

describe("placement: spread restored after the revert", () => {
  const TARGET = { service: WEB, minHosts: 3 };

  it("passes when its tasks are on enough distinct hosts again, with the time from the revert", () => {
    assert.deepEqual(spreadRestored(good(), TARGET), {
      name: "wp_web spread over 3 hosts again",
      unit: "ms",
      status: "passed",
      measured: 6000,
      bounds: { best: 6000, worst: 6000 },
      fromPlatform: true,
      detail: "wp_web on 3 hosts (host-1, host-2, host-3) again 6s after the revert, at T0+36s (at least 3 wanted; reported, no budget)",
    });
  });

  it("fails when the spread is never restored in the window (doubled up, never rebalanced)", () => {
    const h = history([
      snap(10_000, { web: HOSTS }),
      snap(25_000, { down: ["host-2"], web: ["host-1", "host-3", "host-3"] }),
      snap(41_000, { web: ["host-1", "host-3", "host-3"] }),
      snap(55_000, { web: ["host-1", "host-3", "host-3"] }),
    ]);
    assert.deepEqual(spreadRestored(h, TARGET), {
      name: "wp_web spread over 3 hosts again",
      unit: "ms",
      status: "failed",
      fromPlatform: true,
      detail: "wp_web never ran on 3 hosts again after the revert: at most 2 (host-1, host-3); at T0+45s on host-1, host-3",
    });
  });

  it("counts only hosts whose node is ready, and only from the revert", () => {
    const h = history([
      snap(30_000, { down: ["host-2"], web: HOSTS }),
      snap(41_000, { down: ["host-2"], web: HOSTS }),
      snap(44_000, { web: HOSTS }),
    ]);
    assert.equal(spreadRestored(h, TARGET).measured, 4000);
  });

  it("measures from the named host's fault, and cannot choose between several without one", () => {
    const faults = [halt(), halt({ id: "f-2", host: "host-3", injectedAt: 12_000, revertedAt: 42_000 })];
    assert.equal(spreadRestored(history(good().cluster, { faults }), { ...TARGET, host: "host-3" }).measured, 4000);
    const r = spreadRestored(history(good().cluster, { faults }), TARGET);
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "could not be checked: 2 faults in the history: name the host whose fault to measure from");
  });
});
