import { FiredrillError } from "../../errors/firedrill-error.ts";
import { codeIdentity } from "../../drill/code-identity.ts";
import { mergeResults, type ShardResults } from "../../drill/merge-results.ts";
import type { RunRecord } from "../../drill/run-record.ts";
import type { Profile } from "../../profiles/load-profile.ts";
import { daemonFreeze } from "../../scenarios/definitions/daemon-freeze.ts";
import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { ScenarioResult } from "../../scenarios/scenario-result.ts";
import { FIREDRILL_VERSION } from "../../util/version.ts";
import { DIFFERENT_BUDGETS_MERGE } from "./control-names.ts";
import type { ResultControl } from "./missing-scenario.ts";
import type { TrustRow } from "./trust-row.ts";

/** What the second shard was run with: the looser budgets that made a merged certificate "certified, no waivers" in one order. */
const LOOSER = { errorRatio: 1, timeToRecoverMs: 600_000 };

/**
 * Two shards of one plan: the first holds the control's real result, judged with the
 * profile's budgets; the second was run with `--budget` flags that loosen them. Merged,
 * the certificate would claim for both what only one was judged under, so the merge must
 * be refused, in either order. The same two shards judged alike must merge: so the
 * refusal can only be for the budgets.
 */
export function differentBudgetsMerge(profile: Profile, ran: Scenario = hostHaltWithHealthChecks, other: Scenario = daemonFreeze): ResultControl {
  return {
    name: DIFFERENT_BUDGETS_MERGE,
    scenario: ran,
    judge(control) {
      const row = {
        sabotage: DIFFERENT_BUDGETS_MERGE,
        title: `two shards of {${ran.name}, ${other.name}}, the second run with --budget ${Object.entries(LOOSER).map(([k, v]) => `${k}=${v}`).join(" ")}`,
        scenario: "merge",
        expected: "refused",
      };
      const alike = shards(profile, control, ran, other, {});
      const attempt = (given: ShardResults[]) => {
        try {
          mergeResults(given);
          return "merged";
        } catch (error) {
          return error instanceof FiredrillError ? `${error.code}: ${error.message}` : `crashed: ${(error as Error).message}`;
        }
      };
      const positive = attempt(alike);
      if (positive !== "merged") return { ...row, verdict: "refused", caught: false, by: `void control: shards judged alike were refused too (${positive})` };
      const unlike = shards(profile, control, ran, other, LOOSER);
      const answers = [attempt(unlike), attempt([...unlike].reverse())];
      const caught = answers.every((a) => a.startsWith("MERGE_MISMATCH") && a.includes("budget layers"));
      return { ...row, verdict: answers.every((a) => a !== "merged") ? "refused" : "merged", caught, by: caught ? answers[0]! : answers.join(" / ") } satisfies TrustRow;
    },
  };
}

function shards(profile: Profile, control: ScenarioResult, ran: Scenario, other: Scenario, flags: Record<string, number>): ShardResults[] {
  const record = (index: number, scenarios: string[], layerFlags: Record<string, number>): RunRecord => ({
    runId: `bench-trust-${index}`,
    firedrill: FIREDRILL_VERSION,
    code: codeIdentity(),
    profile: { name: profile.name, file: profile.file, description: profile.description, digest: profile.digest },
    stack: control.history.subject.stack,
    shard: { index, total: 2 },
    plan: [ran.name, other.name],
    scenarios,
    skipped: [],
    traffic: "probe",
    askedTraffic: "probe",
    layers: { all: {}, byScenario: {}, flags: layerFlags },
    timeLimitMs: 900_000,
    startedAt: new Date(control.startedAt).toISOString(),
    endedAt: new Date(control.endedAt).toISOString(),
    failures: 0,
  });
  return [
    { file: "shard-1/drill-results.json", content: { run: record(1, [ran.name], {}), results: [control] } },
    { file: "shard-2/drill-results.json", content: { run: record(2, [other.name], flags), results: [] } },
  ];
}
