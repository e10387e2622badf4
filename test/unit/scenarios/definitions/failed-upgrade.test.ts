import assert from "node:assert/strict";
import type { ClusterSnapshot, ServiceState } from "../../../../src/platform/cluster-snapshot.ts";
import { updateOutcome } from "../../../../src/scenarios/definitions/failed-upgrade.ts";
import { history, service } from "../../checks/fixtures.ts";

/** A snapshot in which wp_wordpress reports this update state (or none), beside wp_lb. */
const snap = (at: number, updateState?: string, updateMessage?: string, services: ServiceState[] = [{ ...service("wp_wordpress", "replicated", 2), updateState, updateMessage }]): ClusterSnapshot => ({
  at,
  nodes: [],
  services: [...services, service("wp_lb", "global")],
  tasks: [],
});

/** The window is 1000..5000. */
const window = (cluster: ClusterSnapshot[]) => history({ t0: 1000, windowEnd: 5000, cluster });

describe("an update's outcome, as the platform reports it", () => {
  it("is the last state reported inside the window: passed when it is one expected, and marked as the platform's", () => {
    const result = updateOutcome(window([snap(2000, "updating"), snap(3000, "rollback_started"), snap(4000, "rollback_completed", "rollback completed")]), "wp_wordpress", ["rollback_completed"]);
    assert.equal(result.status, "passed");
    assert.equal(result.fromPlatform, true, "a starved probe must not void what the platform said");
    assert.equal(result.name, "wp_wordpress update outcome");
    assert.equal(result.detail, 'the platform reports "rollback_completed": rollback completed (expected rollback_completed)');
  });

  it("fails on any other state, naming what was expected", () => {
    const result = updateOutcome(window([snap(2000, "rollback_started"), snap(4000, "paused", "update paused due to failure or early termination of task x")]), "wp_wordpress", [
      "rollback_completed",
      "rollback_paused",
    ]);
    assert.equal(result.status, "failed");
    assert.equal(result.fromPlatform, true);
    assert.equal(result.detail, 'the platform reports "paused": update paused due to failure or early termination of task x (expected rollback_completed or rollback_paused)');
  });

  it("ignores what the restore after the window reports (it redeploys the baseline)", () => {
    const result = updateOutcome(window([snap(4000, "paused"), snap(6000, "completed")]), "wp_wordpress", ["completed"]);
    assert.equal(result.status, "failed");
    assert.match(result.detail, /reports "paused"/);
  });

  it("ignores a state reported before T0", () => {
    const result = updateOutcome(window([snap(500, "rollback_completed"), snap(2000, "updating")]), "wp_wordpress", ["rollback_completed"]);
    assert.equal(result.status, "failed");
    assert.match(result.detail, /reports "updating"/);
  });

  it("takes the last snapshot that has the service, not the last snapshot", () => {
    const result = updateOutcome(window([snap(2000, "rollback_completed"), snap(3000, undefined, undefined, [])]), "wp_wordpress", ["rollback_completed"]);
    assert.equal(result.status, "passed");
  });

  it("reads a service with no update state as none, which no update expects", () => {
    const result = updateOutcome(window([snap(2000)]), "wp_wordpress", ["completed"]);
    assert.equal(result.status, "failed");
    assert.equal(result.detail, 'the platform reports "none" (expected completed)');
  });

  it("is unknown when the service was never seen in the window", () => {
    const result = updateOutcome(window([snap(2000, "completed")]), "wp_front", ["completed"]);
    assert.equal(result.status, "unknown");
    assert.equal(result.detail, "could not be checked: wp_front was never seen");
  });
});
