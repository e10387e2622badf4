import assert from "node:assert/strict";
import { parseDuration } from "../../../src/util/duration.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";

describe("parseDuration", () => {
  const cases: Array<[string, number]> = [
    ["250ms", 250],
    ["30s", 30_000],
    ["1.5s", 1500],
    ["2m", 120_000],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["12", 12_000],
  ];
  for (const [text, ms] of cases) {
    it(`reads "${text}" as ${ms} ms`, () => assert.equal(parseDuration(text, "--for"), ms));
  }

  for (const bad of ["", "abc", "10 parsecs", "5x", "-3s", "s", "1m30"]) {
    it(`refuses "${bad}", naming the flag and the value`, () => {
      assert.throws(
        () => parseDuration(bad, "--for"),
        (e: unknown) => e instanceof FiredrillError && e.code === "BAD_DURATION" && e.message.includes("--for") && e.message.includes(`"${bad}"`),
      );
    });
  }
});
