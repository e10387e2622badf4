import assert from "node:assert/strict";
import { otherManager } from "../../../src/faults/host-checks.ts";
import { fakeLab as lab } from "./fake-lab.ts";

describe("a manager to watch a host from", () => {
  it("is a manager other than the host itself", () => {
    const two = lab(["host-1", "host-2"], ["host-3"]);
    assert.equal(otherManager(two, "host-1")?.name, "host-2");
    assert.equal(otherManager(two, "host-3")?.name, "host-1");
  });

  it("is none for a lone manager, which cannot watch itself go", () => {
    assert.equal(otherManager(lab(["host-1"], ["host-2"]), "host-1"), undefined);
  });
});
