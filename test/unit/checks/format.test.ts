import assert from "node:assert/strict";
import { formatFigure, formatOffset, withBudget } from "../../../src/checks/format.ts";

describe("check figures for people", () => {
  const cases: Array<[number | undefined, "ms" | "ratio" | "count", string]> = [
    [250, "ms", "250ms"],
    [0, "ms", "0ms"],
    [4200, "ms", "4.2s"],
    [30_000, "ms", "30s"],
    [30_001, "ms", "30.001s"],
    [0.015, "ratio", "1.5%"],
    [1 / 3, "ratio", "33.33%"],
    [0, "ratio", "0%"],
    [1, "ratio", "100%"],
    [3, "count", "3"],
    [undefined, "ms", "n/a"],
  ];
  for (const [value, unit, text] of cases) {
    it(`formats ${value} ${unit} as ${text}`, () => assert.equal(formatFigure(value, unit), text));
  }

  it("puts the budget beside the figure, or says there is none", () => {
    assert.equal(withBudget("recovered 4.2s after T0", 30_000, "ms"), "recovered 4.2s after T0 (budget 30s)");
    assert.equal(withBudget("recovered 4.2s after T0", undefined, "ms"), "recovered 4.2s after T0 (no budget)");
  });

  it("shows moments relative to T0", () => {
    assert.equal(formatOffset(5200, 1000), "T0+4.2s");
    assert.equal(formatOffset(900, 1000), "T0-100ms");
  });
});
