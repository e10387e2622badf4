import assert from "node:assert/strict";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import type { FaultKind } from "../../../src/faults/fault.ts";
import { parseFaultOptions } from "../../../src/faults/fault-options.ts";

/** A kind with one option of each sort: a choice, a range, and a free value. */
const kind = {
  name: "test-fault",
  summary: "",
  disablesHost: false,
  options: [
    { name: "mode", description: "", choices: ["drop", "reject"], default: "drop" },
    { name: "share", description: "", range: [0.01, 0.9], default: 0.3 },
    { name: "note", description: "", default: "none" },
  ],
  inject: () => Promise.reject(new Error("not here")),
  revert: () => Promise.reject(new Error("not here")),
} satisfies FaultKind;

const noOptions: FaultKind = { ...kind, name: "bare", options: [] };

/** The error a call throws, known to be firedrill's own input error. */
function refused(call: () => unknown): FiredrillError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof FiredrillError, `not a FiredrillError: ${String(error)}`);
    assert.equal(error.kind, "input");
    assert.equal(exitCodeFor(error), 64);
    return error;
  }
  assert.fail("did not throw");
}

describe("fault options", () => {
  it("fills every option the command line left out with its default", () => {
    assert.deepEqual(parseFaultOptions(kind, {}), { mode: "drop", share: 0.3, note: "none" });
  });

  it("reads a range option given as text (the command line's) as a number", () => {
    const parsed = parseFaultOptions(kind, { share: "0.5" });
    assert.equal(parsed.share, 0.5);
    assert.equal(typeof parsed.share, "number");
  });

  it("accepts both ends of a range, which is inclusive", () => {
    assert.equal(parseFaultOptions(kind, { share: 0.01 }).share, 0.01);
    assert.equal(parseFaultOptions(kind, { share: "0.9" }).share, 0.9);
  });

  it("refuses a value outside the range, or no number at all, naming the fault, the option and the value", () => {
    for (const share of ["0.005", "0.91", "-1", "abc", "Infinity", "NaN"]) {
      const error = refused(() => parseFaultOptions(kind, { share }));
      assert.equal(error.code, "FAULT_OPTION_INVALID", share);
      assert.equal(error.message, `test-fault: share = "${share}" is not a number from 0.01 to 0.9`);
      assert.equal(error.hint, "Give a number from 0.01 to 0.9.");
    }
  });

  it("refuses an empty value for a range rather than reading it as 0", () => {
    const zeroAllowed: FaultKind = { ...kind, options: [{ name: "port", description: "", range: [0, 65535], default: 80 }] };
    for (const port of ["", "  "]) assert.equal(refused(() => parseFaultOptions(zeroAllowed, { port })).code, "FAULT_OPTION_INVALID");
    assert.equal(parseFaultOptions(zeroAllowed, { port: "0" }).port, 0);
  });

  it("takes a choice among its choices, and refuses any other, listing them", () => {
    assert.equal(parseFaultOptions(kind, { mode: "reject" }).mode, "reject");
    const error = refused(() => parseFaultOptions(kind, { mode: "REJECT" }));
    assert.equal(error.code, "FAULT_OPTION_INVALID");
    assert.equal(error.message, 'test-fault: mode = "REJECT" is not one of drop, reject');
    assert.equal(error.hint, "Use one of: drop, reject.");
  });

  it("passes a free option through as given", () => {
    assert.equal(parseFaultOptions(kind, { note: "anything at all" }).note, "anything at all");
  });

  it("refuses an option the fault does not have, listing the ones it has", () => {
    const error = refused(() => parseFaultOptions(kind, { mdoe: "drop" }));
    assert.equal(error.code, "FAULT_OPTION_UNKNOWN");
    assert.equal(error.message, 'test-fault: no option "mdoe"');
    assert.match(error.hint, /^Its options are: mode, share, note \(see `firedrill fault --list`\)\.$/);
  });

  it("says a fault without options takes none, rather than listing nothing", () => {
    assert.equal(refused(() => parseFaultOptions(noOptions, { mode: "drop" })).hint, "bare takes no options.");
  });

  it("ignores a flag the command line left unset (undefined), even one the fault does not have", () => {
    assert.deepEqual(parseFaultOptions(noOptions, { mode: undefined, port: undefined }), {});
    assert.deepEqual(parseFaultOptions(kind, { mode: undefined }), { mode: "drop", share: 0.3, note: "none" });
  });
});
