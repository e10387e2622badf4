import assert from "node:assert/strict";
import { setEdgeBackends } from "../../src/lab/edge-admin.ts";
import type { LabWithSite } from "../../src/stack/bring-up.ts";
import { firedrill, start } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/** `firedrill drill` on the shared lab: its exit code is the verdict CI gates on. */
describe("firedrill drill: exit codes (real lab)", function () {
  this.timeout(600_000);
  let shared: LabWithSite;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  it("refuses an unknown scenario or an impossible budget with 64, before touching anything", async () => {
    const unknown = await firedrill(["drill", "--scenario", "host-halt,meteor"]);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /No scenario named "meteor"/);
    const budget = await firedrill(["drill", "--budget", "errorRatio=1.5"]);
    assert.equal(budget.code, 64);
    assert.match(budget.stderr, /--budget: budgets\.errorRatio = 1\.5/);
    const tooShort = await firedrill(["drill", "--budget", "convergenceMs=50"]);
    assert.equal(tooShort.code, 64);
    assert.match(tooShort.stderr, /shorter than the probe period/);
  });

  it("exits 0 when every scenario passed, with the summary table", async () => {
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "failed-upgrade-rollback"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /failed-upgrade-rollback\s+PASSED/);
    assert.match(run.stdout, /1 passing/);
  });

  it("exits 1 when a budget is missed (the platform's failure, not the harness's)", async () => {
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "host-halt", "--budget", "convergenceMs=100"]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /host-halt\s+FAILED/);
    assert.match(run.stdout, /convergence: converged [\d.]+s after T0 \(budget 100ms\)/);
  });

  it("exits 2 when the harness breaks (no steady state), and still restores the lab", async () => {
    const hosts = shared.lab.hosts.map((h) => h.name);
    await setEdgeBackends(shared.lab.edge.adminPort, hosts, "maint");
    const drill = start(["drill", "--run", shared.lab.runId, "--scenario", "failed-upgrade-rollback"]);
    try {
      await drill.waitForOutput(/steady state: broken/);
    } finally {
      await setEdgeBackends(shared.lab.edge.adminPort, hosts, "ready");
    }
    const run = await drill.exited;
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /failed-upgrade-rollback\s+BROKEN/);
    assert.match(run.stdout, /steady state not reached/);
  });
});
