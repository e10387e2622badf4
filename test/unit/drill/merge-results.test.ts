import assert from "node:assert/strict";
import { mergedExitCode, mergeResults, type ShardResults } from "../../../src/drill/merge-results.ts";
import type { HostFacts } from "../../../src/drill/host-facts.ts";
import { NO_RESULT } from "../../../src/drill/missing-results.ts";
import { junitXml } from "../../../src/report/junit-xml.ts";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
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
    assert.equal(merged.run.runId, "r1aaaaaaa,r2aaaaaaa");
    assert.equal(merged.run.startedAt, "2026-12-01T01:00:00.000Z");
    assert.equal(merged.run.endedAt, "2026-12-01T02:05:00.000Z");
    assert.equal(merged.run.failures, 3);
    assert.equal(merged.run.shard, undefined);
    assert.deepEqual(merged.run.shards, ["1/2 (run r1aaaaaaa)", "2/2 (run r2aaaaaaa)"]);
  });

  it("lists what no shard ran as missing, with a broken result of its own in plan order (never passed), and a skipped scenario as skipped", () => {
    const merged = mergeResults([shard(1, ["host-halt", "port-collision"], { skipped: [{ name: "placement", reason: "no pin label" }] })]);
    assert.deepEqual(merged.run.missing, ["daemon-freeze"]);
    assert.deepEqual(merged.results.map((r) => [r.name, r.verdict]), [["host-halt", "passed"], ["daemon-freeze", "broken"], ["port-collision", "passed"]]);
    const missing = merged.results[1]!;
    assert.equal(missing.errorCode, NO_RESULT);
    assert.match(missing.reason ?? "", /no shard's results hold it/);
    assert.equal(missing.title, "daemon freeze");
    // Stamped with the merged run's end, not the merge's clock: the same folders give the same file.
    assert.equal(missing.startedAt, Date.parse("2026-12-01T01:05:00.000Z"));
    assert.match(junitXml(merged.results), /tests="3" failures="0" errors="1"/);
  });

  it("exits as a drill would: 0 all passed, 1 any failed, 2 any broken or missing", () => {
    const passed = mergeResults([shard(1, ["host-halt", "port-collision"], { failures: 0 }), shard(2, ["daemon-freeze", "placement"], { failures: 0 })]);
    assert.equal(mergedExitCode(passed), 0);
    const failed = mergeResults([
      shard(1, ["host-halt", "port-collision"], { failures: 1 }),
      { ...shard(2, ["daemon-freeze", "placement"], { failures: 0 }), content: { run: record(2, ["daemon-freeze", "placement"], { failures: 0 }), results: [result("daemon-freeze"), result("placement", "failed")] } },
    ]);
    assert.equal(mergedExitCode(failed), 1);
    const shardMissing = mergeResults([shard(1, ["host-halt", "port-collision"], { failures: 0 })]);
    assert.equal(mergedExitCode(shardMissing), 2);
    // A failure mocha counted that no verdict explains, in either shard, is the harness's.
    const unexplained = mergeResults([shard(1, ["host-halt", "port-collision"], { failures: 0 }), shard(2, ["daemon-freeze", "placement"], { failures: 1 })]);
    assert.equal(mergedExitCode(unexplained), 2);
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

  describe("refuses shards judged differently, naming the field, both values and their files", () => {
    const facts = (changes: Partial<HostFacts> = {}, cgroupDriver = "systemd"): HostFacts => {
      const summary = {
        engineVersion: "27.5.1",
        apiVersion: "1.47",
        kernel: "6.8.0-51-generic",
        operatingSystem: "Debian GNU/Linux 13 (trixie)",
        cgroupVersion: "2",
        storageDriver: "overlay2",
        loggingDriver: "json-file",
        liveRestore: false,
        securityOptions: ["name=seccomp,profile=builtin"],
        ...changes,
      };
      return { ...summary, hosts: 3, managers: 1, perHost: [{ host: "host-1", ...summary, cgroupDriver, daemonJson: null, iptables: "iptables v1.8.9 (nf_tables)" }] };
    };
    const cases: Array<[string, Partial<RunRecord>, Partial<RunRecord>, RegExp]> = [
      ["--budget flags", {}, { layers: { all: {}, byScenario: {}, flags: { errorRatio: 1, timeToRecoverMs: 600_000 } } }, /budget layers.*\{\} \(shard-1\/drill-results.json\); \{"flags":\{"errorRatio":1,"timeToRecoverMs":600000\}\} \(shard-2\/drill-results.json\)/],
      ["traffic", { askedTraffic: "load:rate=200", traffic: "load:rate=200" }, {}, /traffic.*load:rate=200 \(shard-1\/drill-results.json\); probe \(shard-2\/drill-results.json\)/],
      ["inventory", { inventory: { name: "prod-eu", file: "inv.yaml", digest: "aaaa" } }, {}, /inventory.*prod-eu \(inv.yaml, digest aaaa\) \(shard-1.*a local lab \(shard-2/],
      ["engine version", { hostFacts: facts() }, { hostFacts: facts({ engineVersion: "26.1.5" }) }, /host facts: engine version.*27\.5\.1 \(shard-1.*26\.1\.5 \(shard-2/],
      ["kernel", { hostFacts: facts() }, { hostFacts: facts({ kernel: "6.1.0-28-amd64" }) }, /host facts: kernel.*6\.8\.0-51-generic \(shard-1.*6\.1\.0-28-amd64 \(shard-2/],
      ["storage driver", { hostFacts: facts() }, { hostFacts: facts({ storageDriver: "vfs" }) }, /host facts: storage driver.*overlay2 \(shard-1.*vfs \(shard-2/],
      ["cgroup driver", { hostFacts: facts() }, { hostFacts: facts({}, "cgroupfs") }, /host facts: cgroup.*systemd v2 \(shard-1.*cgroupfs v2 \(shard-2/],
      ["plan (--scenario)", {}, { plan: ["host-halt", "placement"] }, /plan.*host-halt, daemon-freeze, port-collision, placement \(shard-1.*host-halt, placement \(shard-2/],
      ["time limit", {}, { timeLimitMs: 60_000 }, /scenario time limit.*900000 ms \(shard-1.*60000 ms \(shard-2/],
      ["code", {}, { code: { version: "0.2.0", digest: "feedfacefeedface", commit: "0123abc" } }, /firedrill's code.*0\.2\.0 \(sources 5ca1ab1e5ca1ab1e\) \(shard-1.*0\.2\.0 \(sources feedfacefeedface\) \(shard-2/],
    ];
    for (const [what, first, second, message] of cases) {
      it(what, () => {
        const error = thrown(() => mergeResults([shard(1, ["host-halt"], first), shard(2, ["placement"], second)]));
        assert.equal(error.code, "MERGE_MISMATCH");
        assert.equal(exitCodeFor(error), 64);
        assert.match(error.message, message);
      });
    }

    it("a run record with no code identity (written before 0.2.0)", () => {
      const { code: _code, ...old } = record(2, ["placement"]);
      const error = thrown(() => mergeResults([shard(1, ["host-halt"]), { file: "old/drill-results.json", content: { run: old as RunRecord, results: [result("placement")] } }]));
      assert.equal(error.code, "MERGE_MISMATCH");
      assert.match(error.message, /firedrill's code.*unknown \(a run record from before firedrill 0\.2\.0\) \(old\/drill-results.json\)/);
    });

    it("but merges a shard of only scenarios with a load of their own (nothing asked differs), under the drill's traffic", () => {
      const merged = mergeResults([shard(1, ["database-latency"], { traffic: "load:rate=50", askedTraffic: "probe" }), shard(2, ["placement"])]);
      assert.equal(merged.run.traffic, "probe");
    });

    it("but merges a shard whose lab never came up (no host facts) with one that has them", () => {
      const merged = mergeResults([shard(1, ["host-halt"], { hostFacts: facts() }), shard(2, ["placement"], { labError: { message: "no lab" } })]);
      assert.equal(merged.run.hostFacts?.engineVersion, "27.5.1");
    });
  });

  it("gives one answer whatever order the shards are given in", () => {
    const shards = [
      shard(1, ["host-halt"], { labError: { code: "LAB_START_FAILED", message: "host-2 did not start" } }),
      shard(2, ["daemon-freeze"], { skipped: [{ name: "placement", reason: "no pin label" }] }),
      { ...shard(3, ["port-collision"]), content: { run: record(3, ["port-collision"], { shard: { index: 3, total: 3 } }), results: [result("port-collision", "failed")] } },
    ].map((s) => ({ ...s, content: { ...s.content, run: { ...s.content.run, shard: { index: s.content.run.shard!.index, total: 3 } } } }));
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const answers = orders.map((order) => JSON.stringify(mergeResults(order.map((i) => shards[i]!))));
    for (const answer of answers) assert.equal(answer, answers[0]);
    const merged = mergeResults(shards);
    assert.equal(merged.run.runId, "r1aaaaaaa,r2aaaaaaa,r3aaaaaaa");
    assert.equal(merged.run.labError?.message, "host-2 did not start");
  });

  it("refuses a scenario held twice (the same shard given twice) rather than count it twice", () => {
    const error = thrown(() => mergeResults([shard(1, ["host-halt"]), { ...shard(1, ["host-halt"]), file: "copy/drill-results.json" }]));
    assert.equal(error.code, "MERGE_OVERLAP");
    assert.match(error.message, /host-halt is in both copy\/drill-results.json and shard-1\/drill-results.json/);
  });

  it("refuses nothing to merge", () => {
    assert.equal(thrown(() => mergeResults([])).code, "NO_RESULTS");
  });
});
