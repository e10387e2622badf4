import assert from "node:assert/strict";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { formatPlan, planJson } from "../../../src/drill/format-plan.ts";
import { resolveBudget } from "../../../src/drill/plan-budget.ts";
import { resolvePlan } from "../../../src/drill/plan.ts";
import { testProfile } from "../../support/profile-fixture.ts";
import { DEFAULT_SCENARIOS, SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import { manifest, stackDir } from "../../support/stack-fixture.ts";

const profile = testProfile({
  name: "p",
  description: "a test profile",
  budgets: { convergenceMs: 200_000, errorRatio: 0.5 },
  scenarioBudgets: { "host-halt": { errorRatio: 0.3 } },
});

/** A stack that declares no versions beyond the baseline, no health check, no blue-green. */
const bareStack = () => stackDir(manifest({ namespace: "bare" }));

describe("the drill plan", () => {
  it("merges a scenario's budget once, each field with the layer that set it", () => {
    const hostHalt = SCENARIOS.find((s) => s.name === "host-halt")!;
    const { budget, sources } = resolveBudget(hostHalt, { all: profile.budgets, flags: { longestGapMs: 3000, errorRatio: 0.4 }, byScenario: profile.scenarioBudgets });
    assert.equal(budget.timeToRecoverMs, hostHalt.budget.timeToRecoverMs);
    assert.equal(sources.timeToRecoverMs, "scenario default");
    assert.equal(budget.convergenceMs, 200_000);
    assert.equal(sources.convergenceMs, "budgets");
    assert.equal(budget.longestGapMs, 3000);
    assert.equal(sources.longestGapMs, "--budget");
    // The profile's per-scenario figure wins over the flag and the profile's general one.
    assert.equal(budget.errorRatio, 0.3);
    assert.equal(sources.errorRatio, "scenarioBudgets.host-halt");
  });

  it("lists every scenario in catalog order, the stack from --stack over the profile's stack:, and skips what the stack cannot run, saying why", async () => {
    const plan = await resolvePlan({ profile: { ...profile, stack: "wordpress" }, stack: await bareStack(), runId: "rtest", timeLimitMs: 60_000 });
    assert.equal(plan.stack.manifest.namespace, "bare");
    assert.deepEqual(plan.scenarios.map((p) => p.scenario.name), DEFAULT_SCENARIOS.map((s) => s.name));
    const skipped = Object.fromEntries(plan.scenarios.filter((p) => p.skip).map((p) => [p.scenario.name, p.skip]));
    assert.deepEqual(Object.keys(skipped).sort(), [
      "blue-green",
      "failed-upgrade-rollback",
      "host-halt-no-health-check",
      "registry-blocked-upgrade",
      "rollback-frozen-host",
      "rollback-registry-blocked",
      "upgrade-host-down",
    ]);
    assert.match(skipped["blue-green"]!, /declares no blue-green \(stack\.yaml\)/);
    assert.equal(plan.scenarios.find((p) => p.scenario.name === "placement")!.skip, undefined);
    assert.deepEqual(plan.lab, { ...profile.lab, runId: "rtest" });
  });

  it("on an inventory: runs every scenario (a host halts by its engine or its power commands), and says so in the plan", async () => {
    const inventory = { name: "fleet", file: "/x/fleet.yaml", digest: "abcd", description: "d", allowFaults: true, swarm: "form", hostHalt: "engine", engineControl: { stop: "s", start: "s" }, users: { edge: true }, agentPort: 7443, registryPort: 5000 } as const;
    const plan = await resolvePlan({ profile, runId: "rtest", timeLimitMs: 60_000, inventory: { ...inventory, hosts: [] } });
    assert.deepEqual(plan.scenarios.filter((p) => p.skip), []);
    assert.match(formatPlan(plan), /lab {7}inventory fleet \(\/x\/fleet\.yaml, digest abcd\): ; swarm: form, hostHalt: engine/);
  });

  it("takes the profile's stack: when there is no --stack, and the default stack without either", async () => {
    assert.equal((await resolvePlan({ profile: { ...profile, stack: "notes" }, runId: "rtest", timeLimitMs: 1 })).stack.name, "notes");
    assert.equal((await resolvePlan({ profile, runId: "rtest", timeLimitMs: 1 })).stack.name, "wordpress");
  });

  it("prints, for a dry run, every planned scenario with each budget and its source", async () => {
    const plan = await resolvePlan({ profile, only: ["host-halt", "blue-green"], budgetFlags: { longestGapMs: 3000 }, runId: "rtest", timeLimitMs: 15 * 60_000 });
    const text = formatPlan(plan);
    assert.match(text, /^profile\s+p \(profiles\/p\.yaml, digest 0123456789abcdef\)$/m);
    assert.match(text, /^lab\s+a new lab, run rtest: 3 hosts, 1 manager\(s\)$/m);
    assert.match(text, /^scenarios 2 to run$/m);
    assert.match(text, /^host-halt\n  time to recover 15s\s+scenario default\n  convergence 200s\s+budgets\n  error ratio 30%\s+scenarioBudgets\.host-halt\n  longest gap 3s\s+--budget\n/m);
    assert.match(text, /^blue-green$/m);
    assert.doesNotMatch(text, /^daemon-freeze$/m);
  });
  describe("a budget no check of a scenario judges", () => {
    const refusal = (input: Parameters<typeof resolvePlan>[0]) => resolvePlan(input).then(() => assert.fail("the plan was resolved"), (e: unknown) => e as Error & { code?: string; hint?: string });
    const STANDARD = "timeToRecoverMs, convergenceMs, errorRatio, longestGapMs, downtimeMs, p95LatencyMs, p99LatencyMs, errorRatioPerSecond, lostItems";

    it("is refused from a profile's budgets (65), naming the file, the budget, the scenario and the budgets it does judge", async () => {
      const error = await refusal({ profile: testProfile({ name: "p", budgets: { failedRequests: 0 } }), only: ["host-halt"], runId: "rtest", timeLimitMs: 60_000 });
      assert.equal(error.code, "PROFILE_INVALID");
      assert.equal(exitCodeFor(error), 65);
      assert.match(error.message, /^profiles\/p\.yaml: budgets\.failedRequests = 0: no check of host-halt judges it \(host-halt judges /);
      assert.ok(error.message.includes(`host-halt judges ${STANDARD})`), error.message);
      assert.match(error.hint!, /scenarioBudgets/);
    });

    it("is refused from --budget (64), and names the scenarios of the plan that do judge it", async () => {
      const error = await refusal({ profile, only: ["host-halt", "blue-green"], budgetFlags: { failedRequests: 0, errorRatio: 0.1 }, runId: "rtest", timeLimitMs: 60_000 });
      assert.equal(error.code, "BUDGET_INVALID");
      assert.equal(exitCodeFor(error), 64);
      assert.match(error.message, /^--budget failedRequests=0: no check of host-halt judges it \(host-halt judges timeToRecoverMs, .*lostItems\); blue-green judges it$/);
    });

    it("is refused from a profile's scenarioBudgets, for that scenario, whether or not it runs", async () => {
      const error = await refusal({ profile: testProfile({ name: "p", scenarioBudgets: { "daemon-freeze": { cutoverMs: 30_000 } } }), only: ["host-halt"], runId: "rtest", timeLimitMs: 60_000 });
      assert.equal(error.code, "PROFILE_INVALID");
      assert.match(error.message, /^profiles\/p\.yaml: scenarioBudgets\.daemon-freeze\.cutoverMs = 30000: no check of daemon-freeze judges it \(daemon-freeze judges .*nodeDownMs, duplicatesClearedMs.*\)$/);
    });

    it("is accepted where every scenario of the plan judges it, and the dry run then shows it", async () => {
      const plan = await resolvePlan({ profile: testProfile({ name: "p", budgets: { failedRequests: 2 } }), only: ["blue-green"], budgetFlags: { cutoverMs: 20_000 }, runId: "rtest", timeLimitMs: 60_000 });
      assert.match(formatPlan(plan), /^  failed requests 2\s+budgets$/m);
      assert.match(formatPlan(plan), /^  cutover 20s\s+--budget$/m);
    });

    it("is refused over the whole plan, not only one shard's part of it", async () => {
      const error = await refusal({ profile, only: ["host-halt", "blue-green"], budgetFlags: { cutoverMs: 20_000 }, runId: "rtest", timeLimitMs: 60_000, shard: { index: 1, total: 2 }, durationsMs: { "host-halt": 1, "blue-green": 100 } });
      assert.equal(error.code, "BUDGET_INVALID");
    });
  });

  it("lists in the dry run, under its budgets, the figures a scenario judges without a budget as reported", async () => {
    const plan = await resolvePlan({ profile, only: ["host-halt"], runId: "rtest", timeLimitMs: 60_000 });
    assert.match(formatPlan(plan), /^  reported, no budget: downtime, p95 latency, p99 latency, worst second's error ratio$/m);
    // And --json says which budgets each scenario judges, for a tool that writes profiles.
    assert.deepEqual(planJson(plan).scenarios[0]!.judges, ["timeToRecoverMs", "convergenceMs", "errorRatio", "longestGapMs", "downtimeMs", "p95LatencyMs", "p99LatencyMs", "errorRatioPerSecond", "lostItems"]);
  });
});
