import assert from "node:assert/strict";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { validateBudget } from "../../../src/checks/validate-budget.ts";

const PERIOD = 100;

describe("budget validation", () => {
  it("accepts a full budget, zero durations, a duration equal to the probe period, and no budget at all", () => {
    const full = { timeToRecoverMs: 30_000, downtimeMs: 10_000, longestGapMs: 100, errorRatio: 0.05, convergenceMs: 0, lostItems: 0 };
    assert.deepEqual(validateBudget(full, "profiles/x.yaml", PERIOD), full);
    assert.deepEqual(validateBudget({ errorRatio: 1 }, "profiles/x.yaml", PERIOD), { errorRatio: 1 });
    assert.deepEqual(validateBudget({}, "profiles/x.yaml", PERIOD), {});
    assert.deepEqual(validateBudget(undefined, "profiles/x.yaml", PERIOD), {});
  });

  const bad: Array<[string, unknown, string]> = [
    ["an error ratio above 1", { errorRatio: 1.5 }, "profiles/x.yaml: budgets.errorRatio = 1.5: a ratio is from 0 to 1"],
    ["a negative error ratio", { errorRatio: -0.1 }, "profiles/x.yaml: budgets.errorRatio = -0.1: a ratio is from 0 to 1"],
    ["a negative duration", { timeToRecoverMs: -1 }, "profiles/x.yaml: budgets.timeToRecoverMs = -1: a duration cannot be negative"],
    ["a fractional duration", { downtimeMs: 2.5 }, "profiles/x.yaml: budgets.downtimeMs = 2.5: a duration is a whole number of milliseconds"],
    ["a duration as text", { convergenceMs: "30s" }, 'profiles/x.yaml: budgets.convergenceMs = "30s": Invalid input: expected number, received string'],
    ["a negative lost-post count", { lostItems: -1 }, "profiles/x.yaml: budgets.lostItems = -1: a count cannot be negative"],
    ["a fractional lost-post count", { lostItems: 0.5 }, "profiles/x.yaml: budgets.lostItems = 0.5: a count is a whole number"],
    ["an unknown key", { timeToRecover: 30_000 }, 'profiles/x.yaml: budgets = {"timeToRecover":30000}: Unrecognized key: "timeToRecover"'],
    ["a budget that is not an object", "30s", 'profiles/x.yaml: budgets = "30s": Invalid input: expected object, received string'],
    [
      "a duration shorter than the probe period",
      { timeToRecoverMs: 50 },
      "profiles/x.yaml: budgets.timeToRecoverMs = 50 is shorter than the probe period (100ms): it cannot be measured",
    ],
    [
      "two durations shorter than the probe period",
      { longestGapMs: 1, convergenceMs: 99 },
      "profiles/x.yaml: budgets.longestGapMs = 1 is shorter than the probe period (100ms): it cannot be measured; " +
        "budgets.convergenceMs = 99 is shorter than the probe period (100ms): it cannot be measured",
    ],
    ["an infinite duration", { downtimeMs: Infinity }, "profiles/x.yaml: budgets.downtimeMs = null: Invalid input: expected number, received Infinity"],
  ];
  for (const [what, input, message] of bad) {
    it(`refuses ${what}, naming the source, the field and the value`, () => {
      assert.throws(
        () => validateBudget(input, "profiles/x.yaml", PERIOD),
        (e: unknown) => {
          assert.ok(e instanceof FiredrillError);
          assert.equal(e.kind, "input");
          assert.equal(e.code, "BUDGET_INVALID");
          assert.equal(e.message, message);
          return true;
        },
      );
    });
  }

  it("names a flag as the source", () => {
    assert.throws(() => validateBudget({ errorRatio: 2 }, "--budget", PERIOD), /^FiredrillError: --budget: budgets\.errorRatio = 2: /);
  });
});
