import assert from "node:assert/strict";
import { differentBudgetsMerge } from "../../../src/bench/sabotage/different-budgets-merge.ts";
import { emptyHistory } from "../../../src/history/history.ts";
import type { Profile } from "../../../src/profiles/load-profile.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";

const profile = { name: "default", file: "profiles/default.yaml", description: "", digest: "0123456789abcdef" } as Profile;
const control = {
  name: "host-halt",
  title: "host halt",
  verdict: "passed",
  checks: [],
  phases: [],
  residue: [],
  startedAt: Date.UTC(2026, 11, 1),
  endedAt: Date.UTC(2026, 11, 1, 0, 1),
  history: { ...emptyHistory("host-halt", 100), subject: { ...emptyHistory("host-halt", 100).subject, stack: "wordpress" } },
} as unknown as ScenarioResult;

describe("bench trust: shards merged with different budgets", () => {
  it("is caught: the merge is refused in both orders, naming the budget layers, while the same shards judged alike merge", () => {
    const row = differentBudgetsMerge(profile).judge(control);
    assert.equal(row.caught, true, row.by);
    assert.equal(row.verdict, "refused");
    assert.match(row.by, /^MERGE_MISMATCH: .*budget layers/);
  });
});
