import assert from "node:assert/strict";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { summaryTable } from "../../../src/drill/summary-table.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";
import { history, probe } from "../checks/fixtures.ts";

const result = (name: string, verdict: ScenarioResult["verdict"], checks: CheckResult[], samples = probe(""), reason?: string): ScenarioResult => ({
  name,
  title: name,
  description: "",
  verdict,
  reason,
  checks,
  budget: {},
  history: history({ t0: 1000, windowEnd: 2000, samples }),
  phases: [],
  residue: [],
  startedAt: 0,
  endedAt: 0,
});

const recover = (c: Partial<CheckResult>): CheckResult => ({ name: "time to recover", status: "passed", unit: "ms", detail: "", ...c });
const rows = (table: string) => table.split("\n").slice(2);

describe("the drill's summary table", () => {
  it("counts the failed requests of the window only, not the baseline's before T0 nor the restore's after it", () => {
    // One sample every 100ms from 500: 500..900 before T0, 1000..2000 in the window, 2100.. after.
    const samples = probe("----- -+++++++++++ ----", { start: 500, period: 100 });
    const [row] = rows(summaryTable([result("host-halt", "passed", [], samples)]));
    assert.match(row!, / 1 of 11$/);
  });

  it("says never for a figure that never came to exist, ? for one that could not be known, - for none", () => {
    const table = summaryTable([
      result("a", "failed", [recover({ status: "failed", budget: 30_000 })]),
      result("b", "broken", [recover({ status: "unknown", budget: 30_000 })]),
      result("c", "passed", []),
    ]);
    const [a, b, c] = rows(table);
    assert.match(a!, /^a\s+FAILED\s+never \/ 30s\s+-\s+-$/);
    assert.match(b!, /^b\s+BROKEN\s+\? \/ 30s\s+-\s+-$/);
    assert.match(c!, /^c\s+PASSED\s+-\s+-\s+-$/);
  });

  it("shows a figure without a budget as reported, not beside a verdict as if it were judged", () => {
    const [row] = rows(summaryTable([result("a", "passed", [recover({ measured: 1500 }), { name: "downtime", status: "passed", unit: "ms", measured: 250, detail: "" }])]));
    assert.match(row!, /^a\s+PASSED\s+1\.5s reported\s+250ms reported\s+-$/);
  });

  it("lines the columns up under the header, whatever the length of a name", () => {
    const table = summaryTable([result("a", "passed", []), result("rollback-registry-blocked", "failed", [])]);
    const lines = table.split("\n");
    const verdictAt = lines[0]!.indexOf("verdict");
    assert.equal(lines[2]!.indexOf("PASSED"), verdictAt);
    assert.equal(lines[3]!.indexOf("FAILED"), verdictAt);
    assert.ok(verdictAt > "rollback-registry-blocked".length);
  });

  it("adds a why: section only when a scenario has a reason", () => {
    assert.doesNotMatch(summaryTable([result("a", "passed", [])]), /why:/);
    assert.match(summaryTable([result("a", "passed", []), result("b", "skipped", [], probe(""), "the engine cannot")]), /\n\nwhy:\n {2}b: the engine cannot$/);
  });
});
