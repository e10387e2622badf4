import assert from "node:assert/strict";
import type { Budget } from "../../../../src/checks/budget.ts";
import type { CheckResult } from "../../../../src/checks/check-result.ts";
import type { Fault } from "../../../../src/faults/inject-fault.ts";
import type { History } from "../../../../src/history/history.ts";
import { rollbackWithFrozenHost, rollbackWithRegistryBlocked } from "../../../../src/scenarios/definitions/rollback-candidates.ts";
import type { Scenario } from "../../../../src/scenarios/scenario.ts";
import type { ScenarioContext } from "../../../../src/scenarios/scenario-context.ts";
import { history } from "../../checks/fixtures.ts";

/** What the scenario records of the version to roll back to, before the upgrade and as the rollback starts. */
interface RollbackCandidate {
  image: string;
  inRegistry: boolean;
  cachedOn: string[];
  usableOn?: string[];
  previousSpecKept?: boolean;
}

const IMAGE = "registry:5000/firedrill/wordpress:abc123";

/** What the scenario established before the rollback: in the registry, cached on two hosts, one of them frozen since. */
const good: RollbackCandidate = { image: IMAGE, inRegistry: true, cachedOn: ["host-2", "host-3"], usableOn: ["host-3"], previousSpecKept: true };

/** The scenario's rollback candidate check, on a history holding this candidate (or none). */
function candidateCheck(scenario: Scenario, candidate?: RollbackCandidate): CheckResult {
  const h: History = history({ t0: 1000, windowEnd: 5000, facts: candidate ? { rollbackCandidate: candidate } : {} });
  const check = scenario.checks!(h, scenario.budget as Budget).find((c) => c.name === "rollback candidate");
  assert.ok(check, `${scenario.name} makes no rollback candidate check`);
  return check;
}

describe("the rollback candidate", () => {
  it("passes with its image in the registry, cached on a healthy host and the previous spec kept, and says so", () => {
    const check = candidateCheck(rollbackWithFrozenHost, good);
    assert.equal(check.status, "passed");
    assert.equal(check.measured, 0, "no reason it cannot be rolled back to");
    assert.equal(check.budget, 0);
    assert.equal(check.detail, `${IMAGE}: in registry yes; cached on host-2, host-3; usable on host-3; previous spec kept yes`);
  });

  it("fails when no healthy host has the image cached, saying why it cannot roll back", () => {
    const check = candidateCheck(rollbackWithFrozenHost, { ...good, usableOn: [] });
    assert.equal(check.status, "failed");
    assert.equal(check.measured, 1, "one reason");
    assert.match(check.detail, /usable on no host; .*: cannot roll back: no healthy host has its image cached$/);
  });

  it("fails when the previous service spec was not kept", () => {
    const check = candidateCheck(rollbackWithFrozenHost, { ...good, previousSpecKept: false });
    assert.equal(check.status, "failed");
    assert.match(check.detail, /cannot roll back: the previous service spec was not kept$/);
  });

  it("needs the image in the registry while the registry is reachable, and lists every reason together", () => {
    const check = candidateCheck(rollbackWithFrozenHost, { ...good, inRegistry: false, usableOn: [] });
    assert.equal(check.status, "failed");
    assert.match(check.detail, /cannot roll back: its image is not in the registry; no healthy host has its image cached$/);
  });

  it("does not need the image in the registry when the registry is blocked anyway: the cache is what counts", () => {
    assert.equal(candidateCheck(rollbackWithRegistryBlocked, { ...good, inRegistry: false }).status, "passed");
    assert.equal(candidateCheck(rollbackWithRegistryBlocked, { ...good, inRegistry: false, usableOn: [] }).status, "failed");
  });

  it("is unknown when the scenario never got to check it", () => {
    const check = candidateCheck(rollbackWithFrozenHost);
    assert.equal(check.status, "unknown");
    assert.equal(check.detail, "could not be checked: the candidate was never checked");
  });
});

/**
 * The scenario's method against a literal lab: host-1 the manager, host-3 the pinned host,
 * host-2 the one worker a fault may land on. The traffic service runs on `before` until
 * the upgrade and on `after` from then on (whatever the upgrade asked: the lab's own say).
 * What the method did is in `did`, in order.
 */
function rollbackOn(before: string[], after: string[]) {
  const did: string[] = [];
  let upgraded = false;
  const host = (name: string) => ({ name, engine: () => ({ getImage: () => ({ inspect: async () => ({}) }) }) });
  const ctx = {
    subject: { traffic: "wp_wordpress", versions: { baseline: "v1", next: "v2" } },
    lab: {
      hosts: [host("host-1"), host("host-2"), host("host-3")],
      pinnedHost: "host-3",
      nodeOf: (h: string) => ({ manager: h === "host-1" }),
      registry: { image: (ref: string) => `registry:5000/${ref}`, fetch: async () => ({ status: 200 }) },
      manager: { execOrThrow: async () => JSON.stringify([{ PreviousSpec: { TaskTemplate: { ContainerSpec: { Image: "registry:5000/firedrill/wp:v1@sha256:1" } } } }]) },
    },
    history: { t0: 0, marks: {} as Record<string, number> },
    image: (role: string) => `firedrill/wp:${role === "baseline" ? "v1" : "v2"}`,
    hostsRunning: async () => (upgraded ? after : before),
    fact: () => undefined,
    event: () => undefined,
    note: () => undefined,
    deploy: async (variant: { version?: string }) => {
      did.push(`deploy ${variant.version ?? "baseline"}`);
      upgraded = true;
    },
    docker: async (...args: string[]) => {
      did.push(`docker ${args.join(" ")}`);
      if (args.includes("--image")) upgraded = true;
      return "";
    },
    waitForUpdate: async () => "completed",
    waitForNodeDown: async () => undefined,
    inject: async (fault: Fault, setsT0 = true) => {
      did.push(`inject ${fault.kind.name} on ${fault.host}${setsT0 ? "" : " (before T0)"}`);
      return {};
    },
    mark: (name: string) => {
      ctx.history.marks[name] = 1000;
      return 1000;
    },
    markT0: (at: number) => {
      did.push("T0");
      ctx.history.t0 = at;
    },
    observe: async () => undefined,
    probeRecovered: () => true,
    live: () => history({}),
  };
  return { ctx: ctx as unknown as ScenarioContext, did };
}

describe("the rollback scenarios' scene", () => {
  it("upgrades in one spec change that keeps the host to be frozen free of the traffic service's tasks", async () => {
    const { ctx, did } = rollbackOn(["host-2", "host-3"], ["host-1", "host-3"]);
    await rollbackWithFrozenHost.method(ctx);
    // One update: the rollback goes back to the spec before it, the baseline without the constraint.
    assert.deepEqual(did.filter((d) => d.includes("--image") || d.startsWith("deploy")), [
      "docker service update --detach --with-registry-auth --image registry:5000/firedrill/wp:v2 --constraint-add node.labels.firedrill.host!=host-2 wp_wordpress",
    ]);
    assert.equal(did.find((d) => d.startsWith("inject")), "inject daemon-freeze on host-2 (before T0)");
    assert.ok(did.indexOf("T0") > did.indexOf("inject daemon-freeze on host-2 (before T0)"));
  });

  it("never freezes a host that serves the traffic service before T0: broken, saying why, with nothing injected", async () => {
    // Every worker that ran the old tasks runs a new one: today's code froze host-2 anyway,
    // an outage before T0 that nothing judges.
    const { ctx, did } = rollbackOn(["host-2", "host-3"], ["host-2", "host-3"]);
    await assert.rejects(rollbackWithRegistryBlocked.method(ctx), /host-2 runs a task of wp_wordpress after the upgrade that was to keep it free/);
    assert.deepEqual(did.filter((d) => d.startsWith("inject")), []);
  });
});
