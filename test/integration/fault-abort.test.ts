import assert from "node:assert/strict";
import type Docker from "dockerode";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { FaultJournal } from "../../src/faults/fault-journal.ts";
import { healOrphans } from "../../src/faults/heal.ts";
import { auditLab, diffAudits } from "../../src/faults/host-audit.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { waitForBaseline } from "../../src/stack/baseline.ts";
import { firedrill, start } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * Faults left by a process that did not finish: interrupted (it reverts on its way out)
 * or killed (the next `firedrill clean`, or the next run, reverts them). A container
 * that firedrill did not create, on the same engine, sees none of it.
 */
describe("faults outlive no interrupted or killed runner", function () {
  this.timeout(180_000);
  let shared: LabWithStack;
  let engine: Docker;
  let bystander: Docker.Container;
  let bystanderBefore: Docker.ContainerInspectInfo;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
    engine = await connectEngine();
    // Not labelled by firedrill; only its name says what it is for.
    bystander = await engine.createContainer({ name: `bystander-${Date.now()}`, Image: shared.lab.images.haproxy, Cmd: ["sleep", "infinity"] });
    await bystander.start();
    bystanderBefore = await bystander.inspect();
  });

  after(async () => {
    await bystander?.remove({ force: true });
  });

  afterEach(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    const now = await bystander.inspect();
    assert.equal(now.State.Status, "running", "the bystander is still running");
    assert.equal(now.State.StartedAt, bystanderBefore.State.StartedAt, "and was never restarted");
    assert.equal(now.State.Paused, false);
    assert.deepEqual(Object.keys(now.NetworkSettings.Networks), Object.keys(bystanderBefore.NetworkSettings.Networks));
    await waitForBaseline(shared.lab, shared.deployed);
  });

  const faultArgs = (fault: string[]) => ["fault", ...fault, "--run", shared.lab.runId, "--host", "host-3", "--for", "120s"];
  // A lease longer than these tests: what they show is the journal's path (clean, heal),
  // not the agents' dead-man switch (dead-man.test.ts), which would revert on its own.
  const LONG_LEASE = { FIREDRILL_LEASE: "10m" };

  it("SIGINT in the middle of a fault: the process reverts it, logs the revert, exits 130", async () => {
    const before = await auditLab(shared.lab);
    const child = start(faultArgs(["partition"]));
    await child.waitForOutput(/in effect for 120s/);
    assert.notDeepEqual(diffAudits(before, await auditLab(shared.lab)), [], "the partition is in effect");
    child.child.kill("SIGINT");
    const run = await child.exited;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /reverted partition on host-3/);
    assert.match(run.stderr, /revert faults in effect: done/);
    assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), []);
    assert.deepEqual(await new FaultJournal(engine, "").pending(shared.lab.runId), []);
  });

  it("SIGTERM likewise", async () => {
    const before = await auditLab(shared.lab);
    const child = start(faultArgs(["registry-block"]));
    await child.waitForOutput(/in effect for 120s/);
    child.child.kill("SIGTERM");
    const run = await child.exited;
    assert.equal(run.code, 143, run.stderr);
    assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), []);
  });

  it("SIGKILL: the fault stays recorded, and `firedrill clean --faults --run` reverts it", async () => {
    const before = await auditLab(shared.lab);
    const child = start(faultArgs(["daemon-freeze"]), LONG_LEASE);
    await child.waitForOutput(/in effect for 120s/);
    child.child.kill("SIGKILL");
    await child.exited;
    const stuck = diffAudits(before, await auditLab(shared.lab));
    assert.ok(stuck.some((d) => /dockerd running -> stopped/.test(d)), stuck.join("\n"));
    assert.equal((await new FaultJournal(engine, "").pending(shared.lab.runId)).length, 1);

    const clean = await firedrill(["clean", "--faults", "--run", shared.lab.runId]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /reverted daemon-freeze on host-3/);
    assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), []);
    assert.deepEqual(await new FaultJournal(engine, "").pending(shared.lab.runId), []);
  });

  it("SIGKILL during registry-credentials on a manager: `clean --faults --run` puts the real login back", async () => {
    const before = await auditLab(shared.lab);
    const child = start(["fault", "registry-credentials", "--run", shared.lab.runId, "--host", "host-1", "--for", "120s"], LONG_LEASE);
    await child.waitForOutput(/in effect for 120s/);
    child.child.kill("SIGKILL");
    await child.exited;
    assert.ok(diffAudits(before, await auditLab(shared.lab)).some((d) => /host-1: registry login changed/.test(d)));

    const clean = await firedrill(["clean", "--faults", "--run", shared.lab.runId]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /reverted registry-credentials on host-1 .*restored the registry login on host-1/);
    assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), []);
    assert.doesNotMatch(await shared.lab.host("host-1").execOrThrow(["docker", "service", "ls", "--format", "{{.Name}}"]), /firedrill-pull-probe/);
  });

  it("SIGKILL: the start of the next run finds the orphaned fault and reverts it", async () => {
    const before = await auditLab(shared.lab);
    const child = start(faultArgs(["port-collision", "--port", "8083"]), LONG_LEASE);
    await child.waitForOutput(/in effect for 120s/);
    child.child.kill("SIGKILL");
    await child.exited;
    assert.ok(diffAudits(before, await auditLab(shared.lab)).some((d) => /squatter left/.test(d)));

    // What startLab does first: the lab's owner (this process) is alive, the fault's is not.
    const healed = await healOrphans(engine);
    assert.ok(healed.some((l) => /reverted port-collision on host-3/.test(l)), healed.join("\n"));
    assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), []);
  });

  it("`firedrill clean --faults` over every run with nothing in effect changes nothing", async () => {
    const before = await auditLab(shared.lab);
    const clean = await firedrill(["clean", "--faults"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /no fault in effect/);
    assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), []);
  });
});
