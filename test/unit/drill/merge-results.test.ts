import assert from "node:assert/strict";
import { mergeResults, type ShardResults } from "../../../src/drill/merge-results.ts";
import type { RunRecord } from "../../../src/drill/run-record.ts";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";
import { shardRecord } from "../../support/run-record-fixture.ts";
import { thrown } from "../../support/thrown.ts";

const plan = ["host-halt", "daemon-freeze", "port-collision", "placement"];

const result = (name: string, verdict: ScenarioResult["verdict"] = "passed"): ScenarioResult => ({
  ...brokenResult({ name, title: name, description: "", budget: {} } as Scenario, "", "X"),
  verdict,
  reason: undefined,
  errorCode: undefined,
});

const record = (index: number, scenarios: string[], changes: Partial<RunRecord> = {}): RunRecord =>
  shardRecord({
    runId: `r${index}aaaaaaa`,
    shard: { index, total: 2 },
    plan,
    scenarios,
    startedAt: `2026-12-01T0${index}:00:00.000Z`,
    endedAt: `2026-12-01T0${index}:05:00.000Z`,
    failures: index,
    ...changes,
  });

const shard = (index: number, scenarios: string[], changes: Partial<RunRecord> = {}): ShardResults => ({
  file: `shard-${index}/drill-results.json`,
  content: { run: record(index, scenarios, changes), results: scenarios.map((n) => result(n)) },
});

describe("merging shards' results", () => {
  it("gives one drill's results in plan order, the runs' span, every run id and the failures summed", () => {
    const merged = mergeResults([shard(2, ["daemon-freeze", "placement"]), shard(1, ["host-halt", "port-collision"])]);
    assert.deepEqual(merged.results.map((r) => r.name), plan);
    assert.deepEqual(merged.run.missing, []);
    assert.equal(merged.run.runId, "r2aaaaaaa,r1aaaaaaa");
    assert.equal(merged.run.startedAt, "2026-12-01T01:00:00.000Z");
    assert.equal(merged.run.endedAt, "2026-12-01T02:05:00.000Z");
    assert.equal(merged.run.failures, 3);
    assert.equal(merged.run.shard, undefined);
    assert.deepEqual(merged.run.shards, ["2/2 (run r2aaaaaaa)", "1/2 (run r1aaaaaaa)"]);
  });

  it("lists what no shard ran as missing, never as passed, and a skipped scenario as skipped", () => {
    const merged = mergeResults([shard(1, ["host-halt", "port-collision"], { skipped: [{ name: "placement", reason: "no pin label" }] })]);
    assert.deepEqual(merged.run.missing, ["daemon-freeze"]);
    assert.deepEqual(merged.results.map((r) => r.name), ["host-halt", "port-collision"]);
  });

  it("refuses shards of another profile digest, firedrill version, stack or shard count, naming the files and the values", () => {
    const cases: Array<[Partial<RunRecord>, RegExp]> = [
      [{ profile: { name: "default", file: "profiles/default.yaml", description: "", digest: "ffffffffffffffff" } }, /profile digest.*0123456789abcdef \(shard-1\/drill-results.json\); ffffffffffffffff \(shard-2\/drill-results.json\)/],
      [{ firedrill: "0.3.0" }, /firedrill version.*0\.2\.0.*0\.3\.0/],
      [{ stack: "notes" }, /stack.*wordpress.*notes/],
      [{ shard: { index: 2, total: 3 } }, /shard count.*2 \(shard-1.*3 \(shard-2/],
    ];
    for (const [change, message] of cases) {
      const error = thrown(() => mergeResults([shard(1, ["host-halt"]), shard(2, ["placement"], change)]));
      assert.equal(error.code, "MERGE_MISMATCH");
      assert.match(error.message, message);
    }
  });

  it("refuses a scenario held twice (the same shard given twice) rather than count it twice", () => {
    const error = thrown(() => mergeResults([shard(1, ["host-halt"]), { ...shard(1, ["host-halt"]), file: "copy/drill-results.json" }]));
    assert.equal(error.code, "MERGE_OVERLAP");
    assert.match(error.message, /host-halt is in both shard-1\/drill-results.json and copy\/drill-results.json/);
  });

  it("refuses nothing to merge", () => {
    assert.equal(thrown(() => mergeResults([])).code, "NO_RESULTS");
  });
});
