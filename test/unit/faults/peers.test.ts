import assert from "node:assert/strict";
import { peersOf } from "../../../src/faults/peers.ts";
import type { Host } from "../../../src/lab/host.ts";
import { fakeLab as lab } from "./fake-lab.ts";

const names = (hosts: Host[]) => hosts.map((h) => h.name);

describe("the hosts a network fault cuts off", () => {
  const three = lab(["host-1"], ["host-2", "host-3"]);
  const host = (name: string) => three.host(name);

  it("is every other host with all, and never the target itself", () => {
    assert.deepEqual(names(peersOf(three, host("host-2"), "all")), ["host-1", "host-3"]);
  });

  it("is the managers only with managers", () => {
    assert.deepEqual(names(peersOf(three, host("host-2"), "managers")), ["host-1"]);
  });

  it("refuses a fault with nobody to cut off, saying who is missing", () => {
    assert.throws(() => peersOf(three, host("host-1"), "managers"), /^Error: host-1 has no other manager to be cut off from$/);
    const alone = lab(["host-1"], []);
    assert.throws(() => peersOf(alone, alone.host("host-1"), "all"), /^Error: host-1 has no other host to be cut off from$/);
  });
});
