import assert from "node:assert/strict";
import { checkDurability, lostItems } from "../../../src/checks/durability.ts";
import type { WriteSample } from "../../../src/history/history.ts";
import { history } from "./fixtures.ts";

const write = (title: string, ok: boolean, id?: number): WriteSample => ({ at: 0, title, ok, itemId: id === undefined ? undefined : String(id), latencyMs: 50 });
const writes = [
  write("a", true, 10),
  write("b", true, 11),
  // Unacknowledged: it may or may not have landed, so its absence is no loss.
  write("c", false),
  write("d", false, 12),
  // Acknowledged but without an id: nothing to look for.
  write("e", true),
];
const item = (id: number) => ({ id: String(id), title: `item ${id}` });

describe("durability", () => {
  it("passes when the seed and every acknowledged item survive", () => {
    const r = checkDurability(history({ writes, finalItems: [item(1), item(10), item(11)] }), {});
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.budget, 0);
    assert.equal(r.detail, "lost 0 of 3 items that had to survive (budget 0)");
  });

  it("fails on a lost acknowledged write even without a budget, but not on a missing unacknowledged one", () => {
    const h = history({ writes, finalItems: [item(1), item(10)] });
    assert.deepEqual(lostItems(h), { expected: ["1", "10", "11"], lost: ["11"], seedLost: false });
    const r = checkDurability(h, {});
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 1);
    assert.equal(r.detail, "lost 1 of 3 items that had to survive: item 11 (budget 0)");
    assert.equal(checkDurability(h, { lostItems: 1 }).status, "passed");
  });

  it("counts a missing seed item as lost", () => {
    const h = history({ writes, finalItems: [item(10), item(11)] });
    const r = checkDurability(h, {});
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 1);
    assert.equal(r.detail, "lost 1 of 3 items that had to survive: seed item 1 (budget 0)");
  });

  it("is unknown when the final items could not be read", () => {
    const r = checkDurability(history({ writes, finalItems: undefined }), {});
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "the final items could not be read (budget 0)");
  });
});
