import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import { outputsIn, REPORT_OUTPUTS, writeDrillOutputs } from "../../../src/drill/drill-outputs.ts";
import { readResultsFile } from "../../../src/drill/run-record.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";
import { shardRecord } from "../../support/run-record-fixture.ts";

const scenario = { name: "host-halt", title: "host halt", description: "", budget: {} } as Scenario;

describe("a drill's machine-readable outputs", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "fd-outputs-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("go into a folder of their own under the same file names as the report's", () => {
    const files = outputsIn("/x/certificates/hardened");
    assert.equal(files.junit, path.join("/x/certificates/hardened", path.basename(REPORT_OUTPUTS.junit)));
    assert.equal(files.results, path.join("/x/certificates/hardened", path.basename(REPORT_OUTPUTS.results)));
    assert.notEqual(files.junit, files.results);
  });

  it("are JUnit XML for CI and the run record with its results as JSON that reads back the same, in folders made on the way", async () => {
    const results = [brokenResult(scenario, "the lab never came up", "LAB_START_FAILED")];
    const run = shardRecord({ profile: { name: "hardened", file: "profiles/hardened.yaml", description: "", digest: "0123456789abcdef" }, failures: 1 });
    const files = outputsIn(path.join(dir, "deep", "er"));
    await writeDrillOutputs({ run, results }, files, "profile hardened");
    assert.deepEqual(JSON.parse(await readFile(files.results, "utf8")), JSON.parse(JSON.stringify({ run, results })));
    const junit = await readFile(files.junit, "utf8");
    assert.match(junit, /<testsuite[^>]* name="profile hardened"/);
    assert.match(junit, /host halt/);
  });

  it("are read back whole, and a file without a run record (an older drill's) is refused, naming it", async () => {
    const old = path.join(dir, "old.json");
    await writeFile(old, JSON.stringify([brokenResult(scenario, "x", "LAB_START_FAILED")]));
    const error = (await readResultsFile(old).catch((e: unknown) => e)) as Error & { code?: string };
    assert.equal(error.code, "NO_RESULTS");
    assert.match(error.message, new RegExp(`${old.replace(/[.]/g, "\\.")} is not drill results of this firedrill`));
    const missing = (await readResultsFile(path.join(dir, "none.json")).catch((e: unknown) => e)) as Error & { code?: string };
    assert.equal(missing.code, "NO_RESULTS");
    assert.match(missing.message, /none\.json cannot be read as drill results \(ENOENT\)/);
  });
});

