import assert from "node:assert/strict";
import type { ClusterSnapshot, TaskState } from "../../../../src/platform/cluster-snapshot.ts";
import { taskErrors } from "../../../../src/scenarios/definitions/task-errors.ts";
import { history, service, task } from "../../checks/fixtures.ts";

const BIND = /address already in use|bind/i;

/** A failed lb task on a host, its state last changed at `at`. */
const failed = (id: string, host: string, at: number, error: string, svc = "wp_lb"): TaskState => ({ ...task(svc, host), id, state: "rejected", at, error });

const snap = (at: number, tasks: TaskState[]): ClusterSnapshot => ({ at, nodes: [], services: [service("wp_lb", "global")], tasks });

/** The window is 1000..5000. */
const window = (cluster: ClusterSnapshot[]) => history({ t0: 1000, windowEnd: 5000, cluster });

describe("task errors reported in the window", () => {
  it("counts each task that reported the error once, however many snapshots saw it", () => {
    const a = failed("t1", "host-2", 1500, "Bind for 0.0.0.0:80 failed: port is already allocated");
    const b = failed("t2", "host-2", 2500, "Bind for 0.0.0.0:80 failed: port is already allocated");
    const result = taskErrors(window([snap(2000, [a]), snap(3000, [a, b]), snap(4000, [a, b])]), "wp_lb", BIND, "bind errors");
    assert.equal(result.status, "passed");
    assert.equal(result.measured, 2);
    assert.equal(result.name, "bind errors");
    assert.equal(result.budget, undefined, "reported, not judged");
    assert.equal(result.detail, "2 task(s) reported it, e.g. host-2: Bind for 0.0.0.0:80 failed: port is already allocated (reported, no budget)");
  });

  it("reads the same error with another container or endpoint id as one example", () => {
    const a = failed("t1", "host-2", 1500, "starting container failed: 0123456789abcdef0123: address already in use");
    const b = failed("t2", "host-2", 1600, "starting container failed: fedcba9876543210fedc: address already in use");
    const result = taskErrors(window([snap(2000, [a, b])]), "wp_lb", BIND, "bind errors");
    assert.equal(result.measured, 2);
    assert.equal(result.detail, "2 task(s) reported it, e.g. host-2: starting container failed: …: address already in use (reported, no budget)");
  });

  it("shows at most three examples", () => {
    const tasks = ["host-1", "host-2", "host-3", "host-4"].map((h, i) => failed(`t${i}`, h, 1500, "bind: address already in use"));
    const result = taskErrors(window([snap(2000, tasks)]), "wp_lb", BIND, "bind errors");
    assert.equal(result.measured, 4);
    assert.equal((result.detail.match(/host-\d/g) ?? []).length, 3);
  });

  it("matches the task's message when its error is empty", () => {
    const t = { ...task("wp_lb", "host-3"), id: "t1", state: "pending", at: 1500, message: "bind: address already in use" };
    const result = taskErrors(window([snap(2000, [t])]), "wp_lb", BIND, "bind errors");
    assert.equal(result.measured, 1);
    assert.match(result.detail, /host-3: bind: address already in use/);
  });

  it("leaves out what is not the scenario's: a task that last changed before T0, a snapshot after the window, another service", () => {
    const before = failed("t1", "host-2", 900, "bind: address already in use");
    const restore = failed("t2", "host-2", 5500, "bind: address already in use");
    const other = failed("t3", "host-2", 1500, "bind: address already in use", "wp_wordpress");
    const result = taskErrors(window([snap(2000, [before, other]), snap(6000, [restore])]), "wp_lb", BIND, "bind errors");
    assert.equal(result.status, "unknown");
  });

  it("is unknown, not passed, when no task reported it: the disturbance did not reach the platform", () => {
    const ok = { ...task("wp_lb", "host-2"), at: 1500 };
    const result = taskErrors(window([snap(2000, [ok])]), "wp_lb", BIND, "bind errors");
    assert.equal(result.status, "unknown");
    assert.equal(result.measured, 0);
    assert.equal(result.detail, "no task of wp_lb reported bind errors: the disturbance did not reach the platform");
  });

  it("does not count an error the pattern does not match", () => {
    const result = taskErrors(window([snap(2000, [failed("t1", "host-2", 1500, "no suitable node")])]), "wp_lb", BIND, "bind errors");
    assert.equal(result.status, "unknown");
  });
});
