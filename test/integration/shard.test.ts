import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Certificate } from "../../src/certify/certificate.ts";
import type { ResultsFile } from "../../src/drill/run-record.ts";
import { FIREDRILL_VERSION } from "../../src/util/version.ts";
import { SCENARIOS } from "../../src/scenarios/definitions/index.ts";
import { firedrill, type Run } from "../support/firedrill-process.ts";

const readJson = async <T>(file: string) => JSON.parse(await readFile(file, "utf8")) as T;

/**
 * A certification cut in two: both shards at once from one checkout, on two labs on this
 * engine (kept apart by their run labels), each writing to its own FIREDRILL_REPORTS;
 * then one report and one certificate merged from the two folders, holding exactly the
 * scenarios an unsharded run would. Merges that must be refused (a shard missing, a
 * shard of another profile) are tried on the same folders.
 */
describe("sharded certification, merged (two real labs at once)", function () {
  this.timeout(1_200_000);
  let dir: string;
  let profile: string;
  let shards: Run[];
  /** Each scenario's verdict, as its shard judged it. */
  const verdicts = new Map<string, string>();
  const shardDir = (i: number) => path.join(dir, `shard-${i}`);

  before(async function () {
    this.timeout(1_200_000);
    dir = await mkdtemp(path.join(os.tmpdir(), "fd-shards-"));
    profile = path.join(dir, "pair.yaml");
    await writeFile(profile, 'name: pair\ndescription: "The default host configuration, two scenarios"\nscenarios: [port-collision, failed-upgrade-rollback]\n');
    shards = await Promise.all(
      [1, 2].map((i) => firedrill(["certify", "--profile", profile, "--shard", `${i}/2`, "--allow-partial"], { FIREDRILL_REPORTS: shardDir(i) })),
    );
  });

  it("runs each shard to a verdict on its own lab, each with its part of the plan", async () => {
    const ran: string[][] = [];
    for (const [i, run] of shards.entries()) {
      // Two labs on one small machine may slow a scenario past a budget (the probe's starvation
      // check then says so): the verdict is the shard's own, what is tested here is the split and the merge.
      assert.ok([0, 1, 2].includes(run.code ?? -1), `shard ${i + 1}: exit ${run.code}: ${run.stdout}${run.stderr.slice(-3000)}`);
      const file = await readJson<ResultsFile>(path.join(shardDir(i + 1), "drill-results.json"));
      verdicts.set(file.results[0]!.name, file.results[0]!.verdict);
      assert.deepEqual(file.run.shard, { index: i + 1, total: 2 });
      assert.equal(file.run.firedrill, FIREDRILL_VERSION);
      assert.match(file.run.profile.digest, /^[0-9a-f]{16}$/);
      ran.push(file.results.map((r) => r.name));
    }
    // Two labs, two runs.
    const runIds = await Promise.all([1, 2].map(async (i) => (await readJson<ResultsFile>(path.join(shardDir(i), "drill-results.json"))).run.runId));
    assert.notEqual(runIds[0], runIds[1]);
    assert.ok(ran.every((names) => names.length === 1), JSON.stringify(ran));
  });

  it("merges into one report holding every scenario of the unsharded plan exactly once", async () => {
    const plan = await firedrill(["certify", "--profile", profile, "--dry-run", "--json"]);
    assert.equal(plan.code, 0, plan.stderr);
    const unsharded = (JSON.parse(plan.stdout) as Array<{ scenarios: Array<{ name: string }> }>)[0]!.scenarios.map((s) => s.name);
    const merged = path.join(dir, "merged");
    const report = await firedrill(["report", "--merge", shardDir(1), shardDir(2)], { FIREDRILL_REPORTS: merged });
    // The merge exits as the drill would have: by the shards' verdicts together.
    const all = [...verdicts.values()];
    assert.equal(report.code, all.includes("broken") ? 2 : all.includes("failed") ? 1 : 0, report.stdout + report.stderr);
    assert.match(report.stdout, /merged 2 scenarios from (1\/2|2\/2) \(run r\w+\), (1\/2|2\/2) \(run r\w+\)/);
    const results = await readJson<ResultsFile>(path.join(merged, "drill-results.json"));
    assert.deepEqual(results.results.map((r) => r.name), unsharded);
    // The report holds each scenario of the catalog once: the two that ran, each labelled
    // with the shard that ran it, and the others (shown by shard 1 alone) as not run.
    const allure = await readdir(path.join(merged, "allure-results"));
    type AllureTest = { name: string; status: string; labels: Array<{ name: string; value: string }> };
    const tests = await Promise.all(allure.filter((f) => f.endsWith("-result.json")).map((f) => readJson<AllureTest>(path.join(merged, "allure-results", f))));
    assert.deepEqual(tests.map((t) => t.name).sort(), SCENARIOS.map((s) => s.title).sort());
    const ran = tests.filter((t) => t.status !== "skipped");
    assert.deepEqual(ran.map((t) => t.name).sort(), ["failed upgrade rolls back", "port collision"]);
    assert.deepEqual(ran.map((t) => t.labels.find((l) => l.name === "shard")?.value).sort(), ["1/2", "2/2"]);
    const html = await readdir(path.join(merged, "allure-report", "data", "test-cases"));
    assert.equal(html.length, SCENARIOS.length);
  });

  it("merges into one certificate of the profile, covering both shards", async () => {
    const merged = path.join(dir, "certified");
    const run = await firedrill(["certify", "--merge", shardDir(1), shardDir(2), "--allow-partial"], { FIREDRILL_REPORTS: merged });
    const certificate = await readJson<Certificate>(path.join(merged, "certificates", "pair.json"));
    assert.deepEqual(certificate.scenarios.map((s) => [s.name, s.verdict]), ["port-collision", "failed-upgrade-rollback"].map((n) => [n, verdicts.get(n)]));
    // The merged verdict is the shards' together: partial (the profile's subset) when both passed.
    const all = [...verdicts.values()];
    const expected = all.every((v) => v === "passed") ? ["partial", 0] : all.includes("broken") ? ["broken", 2] : ["not certified", 1];
    assert.deepEqual([certificate.status, run.code], expected, run.stdout + run.stderr);
    assert.equal(certificate.shards?.length, 2);
    // Partial for the profile's subset only: nothing a shard should have run is missing.
    assert.ok(certificate.coverage.notCovered.every((s) => s.why === "not in the profile's scenarios:"), JSON.stringify(certificate.coverage.notCovered));
  });

  it("calls a merge with a shard missing partial, naming what no shard ran, and exits 1 without --allow-partial", async () => {
    const run = await firedrill(["certify", "--merge", shardDir(1)], { FIREDRILL_REPORTS: path.join(dir, "half") });
    const certificate = await readJson<Certificate>(path.join(dir, "half", "certificates", "pair.json"));
    const ran = certificate.scenarios.map((s) => s.name);
    assert.equal(ran.length, 1);
    const other = ["port-collision", "failed-upgrade-rollback"].find((n) => !ran.includes(n))!;
    assert.ok(certificate.coverage.notCovered.some((s) => s.name === other && /no shard's results hold it/.test(s.why)), JSON.stringify(certificate.coverage));
    if (verdicts.get(ran[0]!) === "passed") {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(certificate.status, "partial");
      assert.match(certificate.reason ?? "", new RegExp(`no shard's results hold ${other}`));
    } else {
      assert.notEqual(run.code, 0);
    }
  });

  it("refuses to merge shards of a profile that changed between them, before writing anything", async () => {
    // Shard 2's results as if its profile file had been edited before it ran.
    const tampered = path.join(dir, "tampered");
    const content = await readJson<ResultsFile>(path.join(shardDir(2), "certificates", "pair", "drill-results.json"));
    content.run.profile.digest = "ffffffffffffffff";
    await mkdir(path.join(tampered, "certificates", "pair"), { recursive: true });
    await writeFile(path.join(tampered, "certificates", "pair", "drill-results.json"), JSON.stringify(content));
    const run = await firedrill(["certify", "--merge", shardDir(1), tampered], { FIREDRILL_REPORTS: path.join(dir, "refused") });
    assert.equal(run.code, 64, run.stdout + run.stderr);
    assert.match(run.stderr, /differ in profile digest .*ffffffffffffffff/);
    assert.match(run.stderr, /MERGE_MISMATCH/);
    await assert.rejects(readdir(path.join(dir, "refused", "certificates")), { code: "ENOENT" });
  });
});
