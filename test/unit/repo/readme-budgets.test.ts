import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describeBudget } from "../../../src/checks/describe-budget.ts";
import { SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import { repoRoot } from "../../../src/util/paths.ts";

/** The README promises each scenario's default budgets: the code must keep that promise, and the README must say it. */
describe("README: the default budgets table", () => {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const rows = new Map(
    [...readme.matchAll(/^\| `([a-z-]+)` \| ((?:time to recover|convergence|error ratio)[^|]*) \|$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the README's budgets are the code's`, () => {
      assert.equal(rows.get(scenario.name), describeBudget(scenario.budget));
    });
  }

  it("lists no scenario the code does not have", () => {
    assert.deepEqual([...rows.keys()].sort(), SCENARIOS.map((s) => s.name).sort());
  });

  it("gives every scenario a budget for each standard figure", () => {
    for (const s of SCENARIOS) {
      for (const field of ["timeToRecoverMs", "convergenceMs", "errorRatio", "longestGapMs", "lostItems"] as const) {
        assert.notEqual(s.budget[field], undefined, `${s.name} has no default ${field}`);
      }
    }
  });
});
