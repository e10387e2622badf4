import assert from "node:assert/strict";
import { FIREDRILL_VERSION } from "../../src/util/version.ts";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Certificate } from "../../src/certify/certificate.ts";
import { DEFAULT_SCENARIOS } from "../../src/scenarios/definitions/index.ts";
import { firedrill, type Run } from "../support/firedrill-process.ts";

/** Every file under a directory, with its content (reports, results, certificates). */
async function everyFile(dir: string): Promise<Array<{ file: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, text: await readFile(file, "latin1") };
    }),
  );
}

/**
 * Certification of two host configurations from real runs: one the platform runs (and
 * passes) but only for a subset of the scenarios, with a loosened budget; one Swarm
 * refuses (live-restore). Also the secrets check: a registry password given to the run
 * appears in none of its outputs.
 */
describe("firedrill certify (real labs)", function () {
  this.timeout(900_000);
  const secret = `Sekret-${Date.now().toString(36)}-pw`;
  let reports: string;
  let run: Run;

  before(async function () {
    this.timeout(900_000);
    const dir = await mkdtemp(path.join(os.tmpdir(), "fd-certify-"));
    reports = path.join(dir, "reports");
    const quick = path.join(dir, "quick.yaml");
    // A copy of the default profile with a subset: partial, so not certified without --allow-partial.
    await writeFile(
      quick,
      'name: quick\ndescription: "The default host configuration, one scenario"\nscenarios: [failed-upgrade-rollback]\n' +
        "scenarioBudgets:\n  failed-upgrade-rollback:\n    rollbackMs: 120000\n",
    );
    run = await firedrill(["certify", "--profile", quick, "--profile", "profiles/cis-live-restore.yaml"], {
      FIREDRILL_REPORTS: reports,
      FIREDRILL_REGISTRY_USER: "certifier",
      FIREDRILL_REGISTRY_PASSWORD: secret,
    });
  });

  it("exits 1 when one profile is not certified, and says which and why", () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`quick: not certified \\(partial run: 1 of ${DEFAULT_SCENARIOS.length} scenarios covered \\(not covered: host-halt, `));
    assert.match(run.stdout, /--allow-partial/);
    assert.match(run.stdout, /cis-live-restore: not certified \(the platform cannot run this configuration: .*live-restore daemon configuration is incompatible with swarm mode/);
  });

  it("writes a certificate with every field filled, whose verdicts match the Allure results", async () => {
    const certificate = JSON.parse(await readFile(path.join(reports, "certificates", "quick.json"), "utf8")) as Certificate;
    // Every scenario it ran passed, but it ran 1 of them all: not certified.
    assert.equal(certificate.status, "not certified");
    assert.equal(certificate.coverage.scenarios, 1);
    assert.equal(certificate.coverage.of, DEFAULT_SCENARIOS.length);
    assert.equal(certificate.coverage.notCovered.length, DEFAULT_SCENARIOS.length - 1);
    assert.ok(certificate.coverage.notCovered.every((s) => s.why === "not in the profile's scenarios:"));
    assert.equal(certificate.stack, "wordpress");
    assert.ok(!certificate.coverage.notCovered.some((s) => s.name === "failed-upgrade-rollback"));
    assert.equal(certificate.profile.name, "quick");
    assert.match(certificate.profile.digest, /^[0-9a-f]{16}$/);
    assert.ok(certificate.profile.description && certificate.profile.file.endsWith("quick.yaml"));
    assert.match(certificate.runId, /^r[a-z0-9]+$/);
    assert.ok(Date.parse(certificate.endedAt) > Date.parse(certificate.startedAt));
    const facts = certificate.hostFacts!;
    for (const [key, value] of Object.entries(facts)) {
      if (key !== "securityOptions" && key !== "liveRestore") assert.ok(value !== "" && value !== undefined, `hostFacts.${key} is empty`);
    }
    assert.equal(facts.hosts, 3);
    assert.equal(facts.liveRestore, false);
    // Each host's facts, read from that host: the quick profile's daemon.json is what each has.
    assert.deepEqual(facts.perHost.map((h) => h.host), ["host-1", "host-2", "host-3"]);
    for (const h of facts.perHost) {
      assert.match(h.iptables, /nf_tables|legacy/);
      assert.ok(h.cgroupDriver && h.storageDriver && h.kernel, JSON.stringify(h));
    }
    assert.deepEqual(certificate.scenarios.map((s) => [s.name, s.verdict]), [["failed-upgrade-rollback", "passed"]]);
    const checks = certificate.scenarios[0]!.checks;
    assert.ok(checks.length >= 6 && checks.every((c) => c.detail.length > 0));

    const results = (await everyFile(path.join(reports, "allure-results")))
      .filter((f) => f.file.endsWith("-result.json"))
      .map((f) => JSON.parse(f.text) as { name: string; status: string; parameters: Array<{ name: string; value: string }> });
    const quickResults = results.filter((r) => r.parameters.some((p) => p.name === "profile" && p.value === "quick"));
    assert.deepEqual(
      quickResults.filter((r) => r.status !== "skipped").map((r) => [r.name, r.status]),
      certificate.scenarios.map((s) => [s.title, s.verdict]),
    );
    const md = await readFile(path.join(reports, "certificates", "quick.md"), "utf8");
    assert.match(md, /^# Not certified: quick/);
    assert.match(md, new RegExp(`\\| coverage \\| 1 of ${DEFAULT_SCENARIOS.length} scenarios \\|`));
    assert.match(md, /## Not covered\n[\s\S]*\(`host-halt`\): not covered/);

    // The loosened budget is a waiver, in the certificate and beside the scenario in Allure.
    assert.deepEqual(
      certificate.waivers.map((w) => [w.scenario, w.field, w.default, w.allowed, w.source]),
      [["failed-upgrade-rollback", "rollbackMs", 60_000, 120_000, "scenarioBudgets.failed-upgrade-rollback"]],
    );
    assert.match(md, /## Waivers\n[\s\S]*- `failed-upgrade-rollback`: rollbackMs 120s where the default is 60s \(scenarioBudgets\.failed-upgrade-rollback\)/);
    const ran = quickResults.find((r) => r.status !== "skipped")!;
    assert.deepEqual(ran.parameters.find((p) => p.name === "waiver rollbackMs")?.value, "rollbackMs 120s where the default is 60s (scenarioBudgets.failed-upgrade-rollback)");
  });

  it("keeps each profile's JUnit and results in its own folder", async () => {
    const quickJunit = await readFile(path.join(reports, "certificates", "quick", "junit.xml"), "utf8");
    assert.match(quickJunit, /<testsuite name="firedrill quick" tests="1" failures="0" errors="0"/);
    const quick = JSON.parse(await readFile(path.join(reports, "certificates", "quick", "drill-results.json"), "utf8")) as { run: { profile: { name: string; digest: string }; firedrill: string }; results: Array<{ name: string }> };
    assert.deepEqual(quick.results.map((r) => r.name), ["failed-upgrade-rollback"]);
    // Written with what they were judged under, so that shards' results can be merged (and refused when they do not belong together).
    assert.equal(quick.run.profile.name, "quick");
    assert.match(quick.run.profile.digest, /^[0-9a-f]{16}$/);
    assert.equal(quick.run.firedrill, FIREDRILL_VERSION);
    const refusedJunit = await readFile(path.join(reports, "certificates", "cis-live-restore", "junit.xml"), "utf8");
    assert.match(refusedJunit, new RegExp(`<testsuite name="firedrill cis-live-restore" tests="${DEFAULT_SCENARIOS.length}" failures="0" errors="${DEFAULT_SCENARIOS.length}"`));
    // With several profiles no single top-level file could hold them: none is left to mislead.
    await assert.rejects(readFile(path.join(reports, "junit.xml")), { code: "ENOENT" });
  });

  it("reports a configuration the platform refuses as not certified, with the reason, not as a crash", async () => {
    const certificate = JSON.parse(await readFile(path.join(reports, "certificates", "cis-live-restore.json"), "utf8")) as Certificate;
    assert.equal(certificate.status, "not certified");
    assert.match(certificate.reason!, /incompatible with swarm mode/);
    assert.ok(certificate.scenarios.length > 0 && certificate.scenarios.every((s) => s.verdict === "broken"));
    assert.match(await readFile(path.join(reports, "certificates", "cis-live-restore.md"), "utf8"), /^# Not certified: cis-live-restore/);
  });

  it("keeps the registry password out of the output, the Allure results, the reports and the certificates", async () => {
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), "printed on the terminal");
    const files = await everyFile(reports);
    assert.ok(files.length > 10, `only ${files.length} files to scan`);
    const leaks = files.filter((f) => f.text.includes(secret) || f.text.includes(Buffer.from(`certifier:${secret}`).toString("base64")));
    assert.deepEqual(leaks.map((f) => f.file), []);
  });
});
