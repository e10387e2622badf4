import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { waitForBaseline } from "../../src/stack/baseline.ts";
import { setEdgeBackends } from "../../src/lab/edge-admin.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { DRILL_RESULTS } from "../../src/report/report-paths.ts";
import type { ScenarioResult } from "../../src/scenarios/scenario-result.ts";
import { firedrill, start } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/** An engine address nothing answers on: a command that touched Docker would exit 69, not 64. */
const NO_ENGINE = { DOCKER_HOST: "tcp://127.0.0.1:9" };

/** Selections that would run nothing are refused before the engine is even asked. */
describe("firedrill drill: empty selections (no engine needed)", function () {
  this.timeout(60_000);

  it("refuses --scenario , and --scenario \"\" with 64, before touching Docker", async () => {
    for (const list of [",", ""]) {
      const run = await firedrill(["drill", "--scenario", list], NO_ENGINE);
      assert.equal(run.code, 64, `--scenario ${JSON.stringify(list)}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /names no scenario, so the drill would run nothing/);
      assert.doesNotMatch(run.stdout + run.stderr, /\[lab\]|engine/i);
    }
  });

  it("refuses a scenario outside the profile's scenarios: list with 64, naming the file and the scenario", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "fd-subset-"));
    const file = path.join(dir, "halt-only.yaml");
    await writeFile(file, 'name: halt-only\ndescription: "host-halt only"\nscenarios: [host-halt]\n');
    const run = await firedrill(["drill", "--profile", file, "--scenario", "blue-green"], NO_ENGINE);
    assert.equal(run.code, 64, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`--scenario "blue-green": not in the scenarios of ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(scenarios: \\[host-halt\\]\\)`));
  });

  it("--dry-run prints every scenario's budgets with where each came from, and touches no engine", async () => {
    const run = await firedrill(["drill", "--dry-run", "--profile", "hardened", "--budget", "lostItems=0"], NO_ENGINE);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^profile\s+hardened \(profiles\/hardened\.yaml, digest [0-9a-f]{16}\)/m);
    assert.match(run.stdout, /^stack\s+wordpress /m);
    for (const name of ["host-halt", "daemon-freeze", "blue-green", "placement"]) assert.match(run.stdout, new RegExp(`^${name}$`, "m"));
    // hardened.yaml keeps the scenarios' budgets; the flag's field says it came from the flag.
    assert.match(run.stdout, /^  time to recover 15s\s+scenario default$/m);
    assert.match(run.stdout, /^  lost items 0\s+--budget$/m);
    assert.doesNotMatch(run.stderr, /engine|\[lab\]/i);
  });

  it("refuses a stack whose manifest is bad with 65, naming the file, the field and the value, before touching Docker", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "fd-stack-"));
    await writeFile(path.join(dir, "stack.yaml"), "namespace: Bad Name\ncompose: [app.yml]\n");
    const run = await firedrill(["drill", "--stack", dir], NO_ENGINE);
    assert.equal(run.code, 65, run.stdout + run.stderr);
    assert.match(run.stderr, /stack\.yaml: .*namespace = "Bad Name": a lower-case name/);
    assert.match(run.stderr, /images: /);
    const missing = await firedrill(["drill", "--stack", path.join(dir, "nowhere")], NO_ENGINE);
    assert.equal(missing.code, 66, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /no stack manifest there/);
  });

  it("refuses --run of a lab that does not exist with 66, before any scenario", async () => {
    const run = await firedrill(["drill", "--run", "nosuchrun1", "--scenario", "host-halt"]);
    assert.equal(run.code, 66, run.stdout + run.stderr);
    assert.match(run.stderr, /No lab of run "nosuchrun1"/);
    assert.doesNotMatch(run.stdout, /host-halt\s+BROKEN/);
  });
});

/** `firedrill drill` on the shared lab: its exit code is the verdict CI gates on. */
describe("firedrill drill: exit codes (real lab)", function () {
  this.timeout(600_000);
  let shared: LabWithStack;

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

  it("exits 0 when every scenario passed, with the summary table; --json puts one object on stdout", async () => {
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "failed-upgrade-rollback", "--json"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /failed-upgrade-rollback\s+PASSED/);
    const out = JSON.parse(run.stdout) as { exitCode: number; stack: string; scenarios: Array<{ name: string; verdict: string; budgetSources: Record<string, string>; checks: Array<{ name: string; status: string }> }>; outputs: Record<string, string> };
    assert.equal(out.exitCode, 0);
    assert.equal(out.stack, "wordpress");
    assert.deepEqual(out.scenarios.map((s) => [s.name, s.verdict]), [["failed-upgrade-rollback", "passed"]]);
    assert.equal(out.scenarios[0]!.budgetSources.rollbackMs, "scenario default");
    assert.ok(out.scenarios[0]!.checks.some((c) => c.name === "durability" && c.status === "passed"));
    assert.match(out.outputs.junit ?? "", /junit\.xml$/);
    // The harness's own rollouts (the restore after the scenario) are quick; the stack is
    // then deployed once more as declared. Without that, every later scenario would judge
    // a stack that watches each new task for 1 s instead of the compose's 5 s.
    const updateConfig = async (service: string) =>
      JSON.parse(await shared.lab.manager.execOrThrow(["docker", "service", "inspect", "--format", "{{json .Spec.UpdateConfig}}", service])) as { Monitor?: number; Delay?: number };
    const wordpress = await updateConfig("wp_wordpress");
    assert.equal(wordpress.Monitor, 5e9, "wp_wordpress watches each new task for the compose's 5s");
    assert.equal(wordpress.Delay, 1e9, "wp_wordpress waits the compose's 1s between tasks");
    assert.equal((await updateConfig("wp_lb")).Monitor, 5e9, "the lb's rollouts use Swarm's default 5s monitor again");
  });

  // One drill for two purposes (a halt costs a minute): the exit code, and the calibration
  // of the seed's case against its health-checked twin on the same lab.
  it("exits 1 when a budget is missed (the platform's failure, not the harness's); without health checks a halt fails requests, with them none", async () => {
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "host-halt,host-halt-no-health-check", "--budget", "convergenceMs=100"]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /host-halt\s+FAILED/);
    assert.match(run.stdout, /convergence: converged [\d.]+s after T0 \(budget 100ms\)/);
    const results = (JSON.parse(await readFile(DRILL_RESULTS, "utf8")) as { results: ScenarioResult[] }).results;
    const halt = (name: string) => {
      const result = results.find((r) => r.name === name);
      assert.ok(result, `${name} did not run`);
      const { t0, windowEnd, samples, facts } = result.history;
      const dead = new Set(facts.targetAddresses);
      return {
        failed: samples.filter((s) => !s.ok && s.start >= t0 && s.start <= windowEnd).length,
        reachedDead: (facts.lbLog?.requests ?? []).filter((r) => r.at >= t0 && r.at <= windowEnd && r.server !== undefined && dead.has(r.server)).length,
        window: result.checks.find((c) => c.name === "dead backends served traffic for"),
        // Every request firedrill sent in the window (probe and durability writes alike).
        errorRatio: result.checks.find((c) => c.name === "error ratio")?.measured,
      };
    };
    const [checked, unchecked] = [halt("host-halt"), halt("host-halt-no-health-check")];
    console.log(`      host-halt: ${checked.failed} failed, ${checked.window?.detail}\n      host-halt-no-health-check: ${unchecked.failed} failed, ${unchecked.window?.detail}`);
    assert.equal(checked.failed, 0, `host-halt: ${checked.window?.detail}`);
    assert.equal(checked.errorRatio, 0, "host-halt: a request failed");
    assert.ok((unchecked.errorRatio ?? 0) > 0, "host-halt-no-health-check: no request failed");
    assert.ok(unchecked.failed > 0, `host-halt-no-health-check failed no request: the unchecked lb hides the dead task (${unchecked.window?.detail})`);
    assert.ok(unchecked.reachedDead > 0, `host-halt-no-health-check: the lbs logged no request to the dead task (${unchecked.window?.detail})`);
    assert.equal(unchecked.window?.status, "passed", unchecked.window?.detail);
    assert.ok((unchecked.window?.measured ?? 0) > 0);
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

  it("gives up on a scenario at its time limit: broken, and on a lab it does not own nothing more runs there", async function () {
    this.timeout(600_000);
    const run = await firedrill(["drill", "--run", shared.lab.runId, "--scenario", "failed-upgrade-rollback,blue-green"], { FIREDRILL_SCENARIO_TIME_LIMIT: "5s" });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /failed-upgrade-rollback\s+BROKEN/);
    assert.match(run.stdout, /failed-upgrade-rollback: did not finish within its time limit of 5s \(FIREDRILL_SCENARIO_TIME_LIMIT\)/);
    assert.match(run.stdout, /blue-green\s+BROKEN/);
    assert.match(run.stdout, /blue-green: not run: failed-upgrade-rollback exceeded its time limit of 5s .* a lab this drill did not start/);
    // The scenario given up on was let finish its own revert: the shared lab is back at its baseline.
    await waitForBaseline(shared.lab, shared.deployed, 60_000);
  });
});
