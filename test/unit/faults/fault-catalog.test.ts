import assert from "node:assert/strict";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { describeFaults, FAULT_KINDS, faultKind } from "../../../src/faults/fault-catalog.ts";
import { parseFaultOptions } from "../../../src/faults/fault-options.ts";

describe("the fault catalogue", () => {
  it("finds each kind by its name, and each name once", () => {
    const names = FAULT_KINDS.map((k) => k.name);
    assert.equal(new Set(names).size, names.length, `a name appears twice: ${names.join(", ")}`);
    for (const name of names) assert.equal(faultKind(name).name, name);
  });

  it("refuses a name it does not know, listing the ones it does (64)", () => {
    assert.throws(
      () => faultKind("host-explode"),
      (e: unknown) =>
        e instanceof FiredrillError &&
        e.code === "FAULT_UNKNOWN" &&
        exitCodeFor(e) === 64 &&
        e.message === 'No fault named "host-explode"' &&
        FAULT_KINDS.every((k) => e.hint.includes(k.name)),
    );
  });

  it("gives every option a default its own check accepts (a fault run without flags must not be refused)", () => {
    for (const kind of FAULT_KINDS) {
      const parsed = parseFaultOptions(kind, {});
      assert.deepEqual(Object.keys(parsed), kind.options.map((o) => o.name), kind.name);
    }
  });

  it("lists each fault with its summary and each option with its values and default", () => {
    const text = describeFaults();
    const lines = text.split("\n");
    for (const kind of FAULT_KINDS) {
      assert.ok(lines.some((l) => l.startsWith(`  ${kind.name} `) && l.endsWith(kind.summary)), `${kind.name} is not listed with its summary`);
      for (const option of kind.options) {
        const values = option.choices ? option.choices.join("|") : option.range ? `${option.range[0]}..${option.range[1]}` : "value";
        assert.ok(
          lines.includes(`    --${option.name} <${values}>  ${option.description} (default ${option.default === "" ? "none" : option.default})`),
          `${kind.name} --${option.name} is not listed as --${option.name} <${values}>`,
        );
      }
    }
    assert.equal(lines.length, FAULT_KINDS.reduce((n, k) => n + 1 + k.options.length, 0), "a line that is neither a fault nor an option");
  });

  it("shows a choice as its values and a range as min..max", () => {
    const text = describeFaults();
    assert.match(text, /^ {4}--mode <stop\|kill> {2}stop: graceful shutdown; kill: power cut \(default stop\)$/m);
    assert.match(text, /^ {4}--share <0\.01\.\.0\.9> {2}.* \(default 0\.3\)$/m);
  });
});
