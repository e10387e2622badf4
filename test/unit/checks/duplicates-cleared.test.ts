import assert from "node:assert/strict";
import { duplicatesCleared } from "../../../src/checks/duplicates-cleared.ts";
import type { ContainerCensus } from "../../../src/history/history.ts";
import { history as anyHistory } from "./fixtures.ts";

/** A history whose window lasts past every census round the test gives. */
const history = (overrides: Parameters<typeof anyHistory>[0] = {}) => anyHistory({ windowEnd: 1_000_000, ...overrides });

const WP = "wp_wordpress";

/** One census round: every host asked at the same moment; undefined when its engine did not answer. */
function round(at: number, byHost: Record<string, Record<string, number> | undefined>): ContainerCensus[] {
  return Object.entries(byHost).map(([host, running]) => (running === undefined ? { at, host } : { at, host, running }));
}

/** A round with `counts` WordPress containers on host-1, host-2, host-3 (and one lb each, never judged). */
const wp = (at: number, counts: [number, number, number]): ContainerCensus[] =>
  round(at, {
    "host-1": { [WP]: counts[0], wp_lb: 1 },
    "host-2": { [WP]: counts[1], wp_lb: 1 },
    "host-3": { [WP]: counts[2], wp_lb: 1 },
  });

describe("duplicates cleared", () => {
  it("is from the revert to the first round, lasting to the end, with no more than desired", () => {
    const h = history({
      census: [...wp(10_000, [1, 2, 1]), ...wp(12_000, [1, 1, 1]), ...wp(14_000, [1, 0, 1]), ...wp(16_000, [1, 0, 1])],
    });
    const r = duplicatesCleared(h, WP, 2, 10_000);
    assert.deepEqual(r, {
      name: "no duplicate wp_wordpress containers",
      unit: "ms",
      status: "passed",
      measured: 4000,
      bounds: { best: 4000, worst: 4000 },
      budget: undefined,
      detail: "2 or fewer wp_wordpress containers, each a task the platform wants, 4s after the revert (peak 4) (no budget)",
    });
  });

  it("passes a budget met exactly and fails one exceeded by one millisecond", () => {
    const h = history({ census: [...wp(10_000, [1, 2, 1]), ...wp(14_000, [1, 0, 1])] });
    const met = duplicatesCleared(h, WP, 2, 10_000, 4000);
    assert.equal(met.status, "passed");
    assert.equal(met.measured, 4000);
    assert.equal(met.budget, 4000);
    assert.equal(met.detail, "2 or fewer wp_wordpress containers, each a task the platform wants, 4s after the revert (peak 4) (budget 4s)");
    const missed = duplicatesCleared(h, WP, 2, 10_000, 3999);
    assert.equal(missed.status, "failed");
    assert.equal(missed.measured, 4000);
    assert.equal(missed.budget, 3999);
    assert.equal(missed.detail, "2 or fewer wp_wordpress containers, each a task the platform wants, 4s after the revert (peak 4) (budget 3.999s)");
  });

  it("fails under a budget when duplicates are still running at the end, with no figure", () => {
    const h = history({ census: [...wp(10_000, [1, 2, 1]), ...wp(12_000, [1, 1, 1])] });
    const r = duplicatesCleared(h, WP, 2, 10_000, 60_000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, 60_000);
    assert.equal(r.detail, "duplicates of wp_wordpress still running at the end (desired 2, peak 4) (budget 60s)");
  });

  it("fails duplicates never cleared even without a budget: a window that ends with them is not a pass", () => {
    const h = history({ census: [...wp(10_000, [1, 2, 1]), ...wp(12_000, [1, 1, 1])] });
    const r = duplicatesCleared(h, WP, 2, 10_000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, undefined);
    assert.equal(r.detail, "duplicates of wp_wordpress still running at the end (desired 2, peak 4) (no budget)");
  });

  it("sums the hosts of one round: one container on each of three hosts is a duplicate", () => {
    // Rounds interleaved and out of order, as concurrent per-host answers arrive.
    const h = history({
      census: [
        { at: 12_000, host: "host-1", running: { [WP]: 1 } },
        { at: 10_000, host: "host-2", running: { [WP]: 1 } },
        { at: 12_000, host: "host-3", running: { [WP]: 1 } },
        { at: 10_000, host: "host-1", running: { [WP]: 1 } },
        { at: 12_000, host: "host-2", running: {} }, // no WordPress container here: 0
        { at: 10_000, host: "host-3", running: { [WP]: 1 } },
      ],
    });
    const r = duplicatesCleared(h, WP, 2, 10_000, 2000);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 2000);
    assert.equal(r.detail, "2 or fewer wp_wordpress containers, each a task the platform wants, 2s after the revert (peak 3) (budget 2s)");
  });

  it("does not take a round where one host did not answer as cleared: it may have been, so the figure is bounds", () => {
    // 12_000: host-2 did not answer; the two that did run 2 between them, but the round is unknown.
    const unanswered = round(12_000, { "host-1": { [WP]: 1 }, "host-2": undefined, "host-3": { [WP]: 1 } });
    const h = history({ census: [...wp(10_000, [1, 1, 1]), ...unanswered, ...wp(14_000, [1, 0, 1])] });
    const r = duplicatesCleared(h, WP, 2, 10_000, 4000);
    assert.equal(r.status, "passed");
    assert.deepEqual(r.bounds, { best: 2000, worst: 4000 });
    assert.equal(r.measured, 2000);
    assert.equal(
      r.detail,
      "2 or fewer wp_wordpress containers, each a task the platform wants, between 2s and 4s after the revert (peak 3) (budget 4s); 1 census round(s) before it could not be judged: was not answered by every host",
    );
    // Between the two cases: the harness's part, not the platform's.
    assert.equal(duplicatesCleared(h, WP, 2, 10_000, 3000).status, "unknown");
    assert.equal(duplicatesCleared(h, WP, 2, 10_000, 1999).status, "failed");
  });

  it("is certain of a cleared streak only after its last unanswered round, whichever host of the round is listed first", () => {
    const first = [{ at: 12_000, host: "host-2" }, { at: 12_000, host: "host-1", running: { [WP]: 1 } }, { at: 12_000, host: "host-3", running: { [WP]: 1 } }];
    const last = [{ at: 12_000, host: "host-1", running: { [WP]: 1 } }, { at: 12_000, host: "host-3", running: { [WP]: 1 } }, { at: 12_000, host: "host-2" }];
    for (const unanswered of [first, last]) {
      const h = history({ census: [...wp(10_000, [1, 0, 1]), ...unanswered, ...wp(14_000, [1, 0, 1])] });
      assert.deepEqual(duplicatesCleared(h, WP, 2, 10_000).bounds, { best: 0, worst: 4000 });
    }
  });

  it("is unknown, not failed, when the last round is unanswered and nothing cleared before it", () => {
    const h = history({ census: [...wp(10_000, [1, 2, 1]), ...wp(12_000, [1, 1, 1]), ...round(14_000, { "host-1": { [WP]: 1 }, "host-2": undefined, "host-3": { [WP]: 1 } })] });
    const r = duplicatesCleared(h, WP, 2, 10_000, 60_000);
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "could not be checked: the last container census was not answered by every host");
  });

  it("leaves out rounds after the window's end (the restore's churn is not the platform's)", () => {
    const h = history({ windowEnd: 12_000, census: [...wp(10_000, [1, 0, 1]), ...wp(12_000, [1, 0, 1]), ...wp(14_000, [2, 1, 1])] });
    assert.equal(duplicatesCleared(h, WP, 2, 10_000, 60_000).status, "passed");
  });

  it("restarts the streak when duplicates come back after being cleared", () => {
    const h = history({ census: [...wp(10_000, [1, 0, 1]), ...wp(12_000, [1, 1, 1]), ...wp(14_000, [1, 0, 1]), ...wp(16_000, [0, 1, 1])] });
    const r = duplicatesCleared(h, WP, 2, 10_000, 4000);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 4000);
    assert.equal(r.detail, "2 or fewer wp_wordpress containers, each a task the platform wants, 4s after the revert (peak 3) (budget 4s)");
  });

  it("ignores rounds before the revert, and counts one taken exactly at it", () => {
    const h = history({ census: [...wp(6000, [3, 3, 3]), ...wp(8000, [1, 2, 1]), ...wp(10_000, [1, 0, 1]), ...wp(12_000, [1, 1, 0])] });
    const r = duplicatesCleared(h, WP, 2, 10_000, 0);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "2 or fewer wp_wordpress containers, each a task the platform wants, 0ms after the revert (peak 2) (budget 0ms)");
  });

  it("is unknown when there is no census after the revert", () => {
    const before = duplicatesCleared(history({ census: wp(8000, [1, 0, 1]) }), WP, 2, 10_000, 60_000);
    assert.deepEqual(before, {
      name: "no duplicate wp_wordpress containers",
      unit: "ms",
      status: "unknown",
      budget: 60_000,
      detail: "could not be checked: no container census after the revert",
    });
    const empty = duplicatesCleared(history(), WP, 2, 10_000);
    assert.equal(empty.status, "unknown");
    assert.equal(empty.measured, undefined);
    assert.equal(empty.budget, undefined);
    assert.equal(empty.detail, "could not be checked: no container census after the revert");
  });

  describe("task by task", () => {
    /** host-2 came back still running its old task t-old, which the platform replaced by t-new on host-3. */
    const snapshotAt = (at: number, wanted: string[]) => ({
      at,
      nodes: [],
      services: [],
      tasks: [
        ...wanted.map((id) => ({ id, serviceId: "s", service: WP, host: "?", desired: "running", state: "running", image: "wp:v1", at })),
        { id: "t-old", serviceId: "s", service: WP, host: "host-2", desired: "shutdown", state: "running", image: "wp:v1", at },
      ],
    });
    const census = (at: number, byHost: Record<string, string[]>): ContainerCensus[] =>
      Object.entries(byHost).map(([host, ids]) => ({ at, host, running: { [WP]: ids.length }, tasks: { [WP]: ids } }));

    it("finds a stale container the totals hide: two containers for two replicas, one of them unwanted", () => {
      // t-new failed on host-3, so the hosts run 2 containers for 2 replicas, but host-2's is stale.
      const h = history({
        cluster: [snapshotAt(9000, ["t-a", "t-new"])],
        census: [...census(10_000, { "host-1": ["t-a"], "host-2": ["t-old"], "host-3": [] }), ...census(12_000, { "host-1": ["t-a"], "host-2": ["t-old"], "host-3": [] })],
      });
      const r = duplicatesCleared(h, WP, 2, 10_000, 60_000);
      assert.equal(r.status, "failed");
      assert.match(r.detail, /stale at the end: t-old on host-2/);
    });

    it("clears once every container is a task the platform wants", () => {
      const h = history({
        cluster: [snapshotAt(9000, ["t-a", "t-new"])],
        census: [...census(10_000, { "host-1": ["t-a"], "host-2": ["t-old"], "host-3": [] }), ...census(12_000, { "host-1": ["t-a"], "host-2": [], "host-3": ["t-new"] })],
      });
      const r = duplicatesCleared(h, WP, 2, 10_000, 60_000);
      assert.equal(r.status, "passed");
      assert.equal(r.measured, 2000);
    });
  });
});
