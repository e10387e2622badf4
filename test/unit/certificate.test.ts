import assert from "node:assert/strict";
import { certificateExitCode, certificateFor, type CertificationRun } from "../../src/certify/certificate.ts";
import { certificateMarkdown } from "../../src/certify/certificate-markdown.ts";
import type { Profile } from "../../src/profiles/load-profile.ts";
import type { ScenarioResult } from "../../src/scenarios/scenario-result.ts";
import { drillExitCode, summaryTable } from "../../src/drill/summary-table.ts";
import { history } from "./checks/fixtures.ts";

const profile: Profile = {
  file: "profiles/hardened.yaml",
  name: "hardened",
  description: "Hardened engine",
  digest: "0123456789abcdef",
  lab: { hosts: 3, managers: 1, engine: { flags: [], daemonJson: {} }, resources: {} },
  budgets: {},
  scenarioBudgets: {},
};

const result = (name: string, verdict: ScenarioResult["verdict"], reason?: string): ScenarioResult => ({
  name,
  title: name.replace(/-/g, " "),
  description: "",
  verdict,
  reason,
  checks: [
    { name: "time to recover", status: verdict === "failed" ? "failed" : "passed", measured: 4200, budget: 3000, unit: "ms", detail: "recovered 4.2s after T0 (budget 3s)" },
    { name: "downtime", status: "passed", measured: 1500, unit: "ms", detail: "down 1.5s" },
  ],
  budget: {},
  history: history({ t0: 1000, windowEnd: 2000, samples: [{ start: 1100, latencyMs: 5, ok: false }, { start: 1200, latencyMs: 5, ok: true, status: 200 }] }),
  phases: [],
  residue: [],
  startedAt: 0,
  endedAt: 1,
});

const run = (results: ScenarioResult[], labError?: Error & { code?: string }): CertificationRun => ({ profile, runId: "rabc1234", startedAt: 0, endedAt: 60_000, results, labError });

describe("certificates", () => {
  it("certifies when every scenario passed", () => {
    const c = certificateFor(run([result("host-halt", "passed"), result("blue-green", "passed")]));
    assert.equal(c.status, "certified");
    assert.equal(c.reason, undefined);
    assert.deepEqual(c.profile, { name: "hardened", file: "profiles/hardened.yaml", description: "Hardened engine", digest: "0123456789abcdef" });
    assert.equal(c.startedAt, "1970-01-01T00:00:00.000Z");
    assert.equal(certificateExitCode([c]), 0);
  });

  it("does not certify when a scenario failed, naming it", () => {
    const c = certificateFor(run([result("host-halt", "failed"), result("blue-green", "passed")]));
    assert.equal(c.status, "not certified");
    assert.equal(c.reason, "failed: host-halt");
    assert.equal(certificateExitCode([c]), 1);
  });

  it("does not certify a configuration the platform refuses, with the platform's reason", () => {
    const refused = Object.assign(new Error("Swarm could not be formed: --live-restore daemon configuration is incompatible with swarm mode"), { code: "SWARM_REFUSED" });
    const c = certificateFor(run([result("host-halt", "broken", refused.message)], refused));
    assert.equal(c.status, "not certified");
    assert.match(c.reason!, /^the platform cannot run this configuration: Swarm could not be formed: --live-restore/);
    assert.equal(certificateExitCode([c]), 1);
  });

  it("says the run broke (not the configuration) when the harness could not judge", () => {
    const c = certificateFor(run([result("host-halt", "broken", "steady state not reached"), result("blue-green", "failed")]));
    assert.equal(c.status, "broken");
    assert.equal(c.reason, "host-halt: steady state not reached");
    assert.equal(certificateExitCode([c, certificateFor(run([result("x", "failed")]))]), 2);
  });

  it("writes Markdown with the status, the digest and every figure beside its budget", () => {
    const md = certificateMarkdown(certificateFor(run([result("host-halt", "failed")])));
    assert.match(md, /^# Not certified: hardened\n/);
    assert.match(md, /\| digest \| `0123456789abcdef` \|/);
    assert.match(md, /\| time to recover \| failed \| 4\.2s \| 3s \|/);
    assert.match(md, /\| downtime \| passed \| 1\.5s \| - \|/);
  });
});

describe("the drill's summary and exit code", () => {
  it("exits 0 all passed, 1 any failed, 2 any broken (broken wins)", () => {
    assert.equal(drillExitCode([result("a", "passed"), result("b", "skipped")]), 0);
    assert.equal(drillExitCode([result("a", "passed"), result("b", "failed")]), 1);
    assert.equal(drillExitCode([result("a", "failed"), result("b", "broken", "x")]), 2);
  });

  it("prints one row per scenario: verdict, recovery against budget, downtime, failed requests", () => {
    const table = summaryTable([result("host-halt", "failed"), result("blue-green", "broken", "steady state not reached")]);
    const [header, , first, second] = table.split("\n");
    assert.match(header!, /^scenario\s+verdict\s+recovered \/ budget\s+downtime\s+failed requests$/);
    assert.match(first!, /^host-halt\s+FAILED\s+4\.2s \/ 3s\s+1\.5s\s+1 of 2$/);
    assert.match(second!, /^blue-green\s+BROKEN/);
    assert.match(table, /why:\n  blue-green: steady state not reached/);
  });
});
