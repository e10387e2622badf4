import assert from "node:assert/strict";
import { duplicatesCleared } from "../../../src/checks/duplicates-cleared.ts";
import { pinnedRecovered } from "../../../src/checks/pinned-recovered.ts";
import { pinnedReportedUnavailable } from "../../../src/checks/pinned-reported-unavailable.ts";
import { pinnedStayedPut } from "../../../src/checks/pinned-stayed-put.ts";
import { serviceIntact } from "../../../src/checks/service-intact.ts";
import { spreadKept } from "../../../src/checks/spread-kept.ts";
import { spreadRestored } from "../../../src/checks/spread-restored.ts";
import type { FaultEvent, History } from "../../../src/history/history.ts";
import type { ClusterGap, ClusterSnapshot } from "../../../src/platform/cluster-snapshot.ts";
import { updateOutcome } from "../../../src/scenarios/definitions/failed-upgrade.ts";
import { history as anyHistory, service, snapshot, task } from "./fixtures.ts";

// The cluster is asked for its view every second (stale after 3s). host-2, the only host
// the db may run on, halts at T0 = 10s and is back at 40s; the window ends at 70s.
const DB = "wp_db";
const WEB = "wp_web";
const PINNED = { service: DB, pinnedHost: "host-2" };
const services = [service(DB, "replicated", 1), service(WEB, "replicated", 3)];
const halt: FaultEvent = { id: "f-1", kind: "host-halt", host: "host-2", options: {}, injectedAt: 10_000, evidence: [], revertedAt: 40_000 };

const steady = { services, tasks: { [DB]: ["host-2"], [WEB]: ["host-1", "host-2", "host-3"] } };
const away = { services, down: ["host-2"], tasks: { [WEB]: ["host-1", "host-3"] } };
const returning = { services, tasks: { [WEB]: ["host-1", "host-3"] } };

type Picture = Parameters<typeof snapshot>[1];
/** A view every second from `from` to `to` (inclusive), all the same picture. */
const every = (from: number, to: number, picture: Picture): ClusterSnapshot[] =>
  Array.from({ length: Math.floor((to - from) / 1000) + 1 }, (_, i) => snapshot(from + i * 1000, picture));
const timedOut = (from: number): ClusterGap => ({ from, to: from + 10_000, what: "failed", error: "connect ETIMEDOUT 172.18.0.3:2376" });

const history = (cluster: ClusterSnapshot[], over: Partial<History> = {}): History => anyHistory({ t0: 10_000, windowEnd: 70_000, faults: [halt], cluster, ...over });

/** The halt as it should go, every view fresh: the db pending while host-2 is away, back on it at 42s. */
const fresh = () => [...every(5000, 10_000, steady), ...every(11_000, 39_000, away), ...every(40_000, 41_000, returning), ...every(42_000, 70_000, steady)];
/** The same with no view answered from T0+3s to T0+28s (the manager timed out). */
const blind = (cluster = fresh()) =>
  history(
    cluster.filter((s) => s.at <= 12_000 || s.at >= 38_000),
    { clusterGaps: [timedOut(13_000), timedOut(23_000)] },
  );

describe("placement over a stale cluster view", () => {
  it("does not pass 'stayed put' on a stretch no view saw, and fails a move that was seen", () => {
    const seen = pinnedStayedPut(history(fresh()), PINNED);
    assert.equal(seen.status, "passed");
    assert.equal(seen.budget, 0);
    const r = pinnedStayedPut(blind(), PINNED);
    assert.equal(r.status, "unknown");
    assert.deepEqual(r.bounds, { best: 0, worst: null });
    assert.match(r.detail, /no task of wp_db ran on a host other than host-2 in the 36 snapshots .* but no cluster view from T0\+2s to T0\+28s \(26s; 2 snapshots failed: connect ETIMEDOUT/);
    const moved = blind([...fresh().filter((s) => s.at !== 38_000), snapshot(38_000, { ...away, tasks: { ...away.tasks, [DB]: ["host-3"] } })]);
    assert.equal(pinnedStayedPut(moved, PINNED).status, "failed");
    assert.equal(pinnedStayedPut(moved, PINNED).measured, 1);
  });

  it("does not pass 'reported unavailable' over a stretch no view saw, nor fail a host never seen down when the views went stale", () => {
    assert.equal(pinnedReportedUnavailable(history(fresh()), PINNED).status, "passed");
    const r = pinnedReportedUnavailable(blind(), PINNED);
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /but no cluster view from T0\+2s to T0\+28s/);
    // The platform may have called host-2 down in the stretch nobody saw.
    const neverDown = history([...every(10_000, 12_000, steady), ...every(38_000, 39_000, steady)], { clusterGaps: [timedOut(13_000)] });
    assert.equal(pinnedReportedUnavailable(neverDown, PINNED).status, "unknown");
    // A task seen running while the host was seen down stays failed.
    const running = blind([...fresh().filter((s) => s.at !== 38_000), snapshot(38_000, { ...away, tasks: { ...away.tasks, [DB]: ["host-1"] } })]);
    assert.equal(pinnedReportedUnavailable(running, PINNED).status, "failed");
  });

  it("does not pass 'spread kept' while the view was stale, and fails a crowded host that was seen", () => {
    const spread = { service: WEB, maxPerNode: 1 };
    assert.equal(spreadKept(history(fresh()), spread).status, "passed");
    const r = spreadKept(blind(), spread);
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /no cluster view from T0\+2s to T0\+28s/);
    const crowded = blind([...fresh().filter((s) => s.at !== 38_000), snapshot(38_000, { ...away, tasks: { [WEB]: ["host-1", "host-1", "host-3"] } })]);
    assert.equal(spreadKept(crowded, spread).status, "failed");
  });

  it("bounds the pinned service's return by a stretch without a view before it was seen back", () => {
    // Not back at 40s and 41s; no view from 42s to 51s; back when seen at 52s.
    const cluster = [...every(10_000, 39_000, away), ...every(40_000, 41_000, returning), ...every(52_000, 70_000, steady)];
    const h = history(cluster, { clusterGaps: [{ from: 42_000, to: 52_000, what: "failed", error: "connect ETIMEDOUT" }] });
    const r = pinnedRecovered(h, PINNED, { placementRecoveredMs: 5000 });
    assert.deepEqual(r.bounds, { best: 1000, worst: 12_000 });
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /^wp_db running on host-2 again between 1s and 12s after the revert \(at T0\+42s\) \(budget 5s\); no cluster view from T0\+31s to T0\+42s/);
    assert.equal(pinnedRecovered(h, PINNED, { placementRecoveredMs: 12_000 }).status, "passed");
    assert.equal(pinnedRecovered(h, PINNED, { placementRecoveredMs: 999 }).status, "failed");
  });

  it("is unknown, not 'never back', when the last view after the revert went stale", () => {
    const h = history([...every(10_000, 39_000, away), ...every(40_000, 45_000, returning)], { clusterGaps: [timedOut(46_000)] });
    const r = pinnedRecovered(h, PINNED, { placementRecoveredMs: 60_000 });
    assert.equal(r.status, "unknown");
    assert.deepEqual(r.bounds, { best: 5000, worst: null });
    assert.match(r.detail, /not back on host-2 when last seen at T0\+35s .* no cluster view from T0\+35s to the window's end/);
    // Even coming back right after the last view would miss this budget.
    assert.equal(pinnedRecovered(h, PINNED, { placementRecoveredMs: 4999 }).status, "failed");
    const spread = spreadRestored(h, { service: WEB, minHosts: 3, host: "host-2" });
    assert.equal(spread.status, "unknown");
    assert.deepEqual(spread.bounds, { best: 5000, worst: null });
  });

  it("bounds the spread's return the same way", () => {
    const cluster = [...every(10_000, 39_000, away), ...every(40_000, 41_000, returning), ...every(52_000, 70_000, steady)];
    const r = spreadRestored(history(cluster), { service: WEB, minHosts: 3, host: "host-2" });
    assert.deepEqual(r.bounds, { best: 1000, worst: 12_000 });
    assert.match(r.detail, /again between 1s and 12s after the revert/);
  });
});

describe("a service that must stay intact, over a stale cluster view", () => {
  const blue = { services: [service(WEB, "replicated", 3)], tasks: { [WEB]: ["host-1", "host-2", "host-3"] } };
  const h = (cluster: ClusterSnapshot[], over: Partial<History> = {}) => anyHistory({ t0: 10_000, windowEnd: 80_000, cluster, ...over });
  const gaps = Array.from({ length: 6 }, (_, i) => timedOut(15_000 + i * 10_000));

  it("is unknown, never passed, over a 60s gap in the views", () => {
    assert.equal(serviceIntact(h(every(10_000, 80_000, blue)), [WEB], "blue intact").status, "passed");
    const r = serviceIntact(h([...every(10_000, 14_000, blue), ...every(75_000, 80_000, blue)], { clusterGaps: gaps }), [WEB], "blue intact");
    assert.equal(r.status, "unknown");
    assert.deepEqual(r.bounds, { best: 0, worst: null });
    assert.match(r.detail, /no cluster view from T0\+4s to T0\+65s \(61s; 6 snapshots failed: connect ETIMEDOUT/);
  });

  it("stays failed for a broken view seen after the gap", () => {
    const broken = { ...blue, tasks: { [WEB]: ["host-1", "host-3"] } };
    const r = serviceIntact(h([...every(10_000, 14_000, blue), snapshot(75_000, broken), ...every(76_000, 80_000, blue)], { clusterGaps: gaps }), [WEB], "blue intact");
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 1);
    assert.match(r.detail, /not intact at T0\+65s/);
  });
});

describe("an update's outcome over a stale cluster view", () => {
  const state = (at: number, updateState: string): ClusterSnapshot => ({ at, nodes: [], services: [{ ...service(WEB, "replicated", 3), updateState }], tasks: [] });

  it("is unknown when the last state seen is older than the staleness limit at the window's end", () => {
    const fresh = anyHistory({ t0: 1000, windowEnd: 4000, cluster: [state(2000, "rollback_started"), state(3000, "rollback_completed"), state(4000, "rollback_completed")] });
    assert.equal(updateOutcome(fresh, WEB, ["rollback_completed"]).status, "passed");
    const stale = anyHistory({ t0: 1000, windowEnd: 60_000, cluster: [state(2000, "rollback_started"), state(3000, "rollback_completed")], clusterGaps: [timedOut(4000)] });
    const r = updateOutcome(stale, WEB, ["rollback_completed"]);
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /no cluster view from T0\+2s to the window's end/);
  });
});

describe("duplicates cleared, judged against a stale cluster view", () => {
  const WP = "wp_wordpress";
  const wanted = (at: number, tasks: Array<[string, string, string]>): ClusterSnapshot => ({
    at,
    nodes: [],
    services: [],
    tasks: tasks.map(([id, host, desired]) => ({ ...task(WP, host), id, desired })),
  });
  const census = (at: number, byHost: Record<string, string[]>) => Object.entries(byHost).map(([host, ids]) => ({ at, host, running: { [WP]: ids.length }, tasks: { [WP]: ids } }));
  // host-2 comes back at 40s still running t-old; the platform replaced it by t-new, which failed on host-3.
  const rounds = [...census(40_000, { "host-1": ["t-a"], "host-2": ["t-old"], "host-3": [] }), ...census(42_000, { "host-1": ["t-a"], "host-2": ["t-old"], "host-3": [] })];

  it("does not clear a round on a view 31s old: the task it calls wanted may have been replaced since", () => {
    // The last view, from before the halt, still wants t-old.
    const h = anyHistory({ t0: 10_000, windowEnd: 70_000, cluster: [wanted(9000, [["t-a", "host-1", "running"], ["t-old", "host-2", "running"]])], census: rounds });
    const r = duplicatesCleared(h, WP, 2, 40_000, 60_000);
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /cluster view/);
  });

  it("fails the stale container a fresh view shows unwanted", () => {
    const cluster = [wanted(9000, [["t-a", "host-1", "running"], ["t-old", "host-2", "running"]]), wanted(41_500, [["t-a", "host-1", "running"], ["t-new", "host-3", "running"], ["t-old", "host-2", "shutdown"]])];
    const r = duplicatesCleared(anyHistory({ t0: 10_000, windowEnd: 70_000, cluster, census: rounds }), WP, 2, 40_000, 60_000);
    assert.equal(r.status, "failed");
  });
});
