import assert from "node:assert/strict";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { faultKind } from "../../../src/faults/fault-catalog.ts";
import { Fault } from "../../../src/faults/inject-fault.ts";

describe("a fault to inject", () => {
  it("is named by its kind and its host, and carries its options checked, with the defaults filled in", () => {
    const fault = new Fault(faultKind("packet-loss"), "host-2", { share: "0.5" });
    assert.equal(fault.name, "packet-loss on host-2");
    assert.deepEqual(fault.options, { share: 0.5 });
    assert.deepEqual(new Fault(faultKind("host-halt"), "host-3").options, { mode: "stop" });
  });

  it("refuses bad options when it is made, before any lab is asked for", () => {
    assert.throws(
      () => new Fault(faultKind("registry-block"), "host-2", { mode: "sometimes" }),
      (e: unknown) => e instanceof FiredrillError && e.code === "FAULT_OPTION_INVALID" && /registry-block: mode = "sometimes"/.test(e.message),
    );
  });
});
