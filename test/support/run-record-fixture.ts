import type { RunRecord } from "../../src/drill/run-record.ts";

/** The run record of shard 1/2 of a two-scenario plan, judged with no overrides, with `changes` applied. */
export function shardRecord(changes: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: "rabc1234",
    firedrill: "0.2.0",
    code: { version: "0.2.0", digest: "5ca1ab1e5ca1ab1e" },
    profile: { name: "default", file: "profiles/default.yaml", description: "", digest: "0123456789abcdef" },
    stack: "wordpress",
    shard: { index: 1, total: 2 },
    plan: ["host-halt", "daemon-freeze"],
    scenarios: ["host-halt"],
    skipped: [],
    traffic: "probe",
    askedTraffic: "probe",
    layers: { all: {}, byScenario: {}, flags: {} },
    timeLimitMs: 900_000,
    startedAt: "2026-12-01T00:00:00.000Z",
    endedAt: "2026-12-01T00:01:00.000Z",
    failures: 0,
    ...changes,
  };
}
