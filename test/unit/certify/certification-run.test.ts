import assert from "node:assert/strict";
import { certificationRun, recordedProfile } from "../../../src/certify/certification-run.ts";
import { certificateFor } from "../../../src/certify/certificate.ts";
import { DEFAULT_SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";
import { history } from "../checks/fixtures.ts";
import { shardRecord } from "../../support/run-record-fixture.ts";
import { mergeResults } from "../../../src/drill/merge-results.ts";

const passed = (name: string): ScenarioResult => ({
  name,
  title: name,
  description: "",
  verdict: "passed",
  checks: [],
  budget: {},
  history: history({ t0: 1000, windowEnd: 2000, samples: [] }),
  phases: [],
  residue: [],
  startedAt: 0,
  endedAt: 1,
});

const record = shardRecord({
  runId: "rshard001",
  profile: { name: "two", file: "/p/two.yaml", description: "two scenarios", digest: "sha256:ab" },
  plan: ["host-halt", "blue-green"],
  layers: { all: { errorRatio: 0.5 } },
  startedAt: "2026-12-01T10:00:00.000Z",
  endedAt: "2026-12-01T10:05:00.000Z",
  labError: { code: "LAB_START", message: "no lab" },
});

describe("certification run, read off a run record", () => {
  it("carries the code that judged the run to the certificate", () => {
    const run = certificationRun(record, [passed("host-halt")], recordedProfile(record));
    assert.deepEqual(run.code, { version: "0.2.0", digest: "5ca1ab1e5ca1ab1e" });
    assert.deepEqual(certificateFor(run).code, { version: "0.2.0", digest: "5ca1ab1e5ca1ab1e" });
  });

  it("a merge missing a shard is partial, not broken: the broken result the merge gives the missing scenario (for JUnit and the exit code) is not covered instead", () => {
    const { labError: _labError, ...clean } = record;
    const merged = mergeResults([{ file: "shard-1/drill-results.json", content: { run: clean, results: [passed("host-halt")] } }]);
    assert.deepEqual(merged.results.map((r) => [r.name, r.verdict]), [["host-halt", "passed"], ["blue-green", "broken"]]);
    const run = certificationRun(merged.run, merged.results, recordedProfile(merged.run));
    const certificate = certificateFor(run, { catalog: DEFAULT_SCENARIOS.filter((s) => ["host-halt", "blue-green"].includes(s.name)) });
    assert.equal(certificate.status, "partial");
    assert.deepEqual(certificate.coverage.notCovered.map((s) => s.name), ["blue-green"]);
  });

  it("a shard's part misses the plan's other scenarios and names its shard", () => {
    const run = certificationRun(record, [passed("host-halt")], recordedProfile(record));
    assert.deepEqual(run.missing, ["blue-green"]);
    assert.deepEqual(run.shards, ["1/2"]);
    assert.equal(run.startedAt, Date.parse("2026-12-01T10:00:00.000Z"));
    assert.equal(run.endedAt, Date.parse("2026-12-01T10:05:00.000Z"));
    assert.equal(run.labError?.message, "no lab");
    assert.equal(run.labError?.code, "LAB_START");
    assert.deepEqual(run.profile.scenarios, ["host-halt", "blue-green"]);
    assert.deepEqual(run.profile.budgets, { errorRatio: 0.5 });
  });

  it("a whole drill misses nothing and names no shard", () => {
    const { shard: _shard, labError: _labError, ...whole } = record;
    const run = certificationRun({ ...whole, scenarios: ["host-halt", "blue-green"] }, [passed("host-halt"), passed("blue-green")], recordedProfile(record));
    assert.equal(run.missing, undefined);
    assert.equal(run.shards, undefined);
  });

  it("a merge keeps what the merge found missing and the shards it merged", () => {
    const { shard: _shard, labError: _labError, ...merged } = record;
    const run = certificationRun({ ...merged, shards: ["1/2 (run r1)"], missing: ["blue-green"] }, [passed("host-halt")], recordedProfile(record));
    assert.deepEqual(run.missing, ["blue-green"]);
    assert.deepEqual(run.shards, ["1/2 (run r1)"]);
    // All that ran passed, a scenario is missing: partial, with the reason from the judging itself.
    const certificate = certificateFor(run, { catalog: DEFAULT_SCENARIOS.filter((s) => ["host-halt", "blue-green"].includes(s.name)) });
    assert.equal(certificate.status, "partial");
    assert.match(certificate.reason ?? "", /no shard's results hold blue-green/);
  });
});
