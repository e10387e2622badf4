import assert from "node:assert/strict";
import { checkDurability, lostItems } from "../../../src/checks/durability.ts";
import type { WriteSample } from "../../../src/history/history.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import { history } from "./fixtures.ts";

const write = (title: string, ok: boolean, id?: number): WriteSample => ({ at: 0, title, ok, itemId: id === undefined ? undefined : String(id), latencyMs: 50 });
const writes = [
  write("item 10", true, 10),
  write("item 11", true, 11),
  // Unacknowledged: it may or may not have landed, so its absence is no loss.
  write("c", false),
  write("d", false, 12),
  // Acknowledged but without an id: nothing to look for.
  write("e", true),
];
const item = (id: number) => ({ id: String(id), title: `item ${id}` });
/** The seed as the recorder knows it: its id and the title the stack was seeded with. */
const seed = { seedItemId: "1", seedItemTitle: "seed" };
const titled = (id: number, title: string, ok = true): WriteSample => ({ at: 0, title, ok, itemId: String(id), latencyMs: 50 });
/** A load's record with the writes it had acknowledged (nothing else of it is read here). */
const load = (acknowledged: Array<{ id: string; title: string }>): TrafficRecord => ({ source: "load", spec: "load:rate=200", rate: 200, seconds: [], acknowledged });

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
    const l = lostItems(h)!;
    assert.deepEqual(
      l.expected.map((e) => e.id),
      ["1", "10", "11"],
    );
    assert.deepEqual(l.missing, [{ id: "11", title: "item 11", source: "durability write" }]);
    assert.deepEqual(l.reused, []);
    assert.equal(l.seedLost, false);
    const r = checkDurability(h, {});
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 1);
    assert.equal(r.detail, 'lost 1 of 3 items that had to survive: 1 missing: item 11 "item 11" (budget 0)');
    assert.equal(checkDurability(h, { lostItems: 1 }).status, "passed");
  });

  it("counts a missing seed item as lost", () => {
    const h = history({ writes, finalItems: [item(10), item(11)] });
    const r = checkDurability(h, {});
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 1);
    assert.equal(r.detail, "lost 1 of 3 items that had to survive: 1 missing: seed item 1 (budget 0)");
  });

  describe("an item is its id and its title", () => {
    // The stack lost its last two acknowledged writes (ids 11, 12) and, as InnoDB's
    // AUTO_INCREMENT or a Redis counter does after such a loss, gave their ids to the next writes.
    const lostThenReused = [titled(10, "firedrill write x 1"), titled(11, "firedrill write x 2"), titled(12, "firedrill write x 3"), titled(11, "firedrill write x 4"), titled(12, "firedrill write x 5")];
    const readBack = [
      { id: "1", title: "seed" },
      { id: "10", title: "firedrill write x 1" },
      { id: "11", title: "firedrill write x 4" },
      { id: "12", title: "firedrill write x 5" },
    ];

    it("fails a lost write whose id a later write reused: the id answers, with another title", () => {
      const h = history({ ...seed, writes: lostThenReused, finalItems: readBack });
      const l = lostItems(h)!;
      assert.equal(l.expected.length, 6);
      assert.deepEqual(l.missing, []);
      assert.deepEqual(l.reused, [
        { id: "11", title: "firedrill write x 2", source: "durability write", readTitle: "firedrill write x 4" },
        { id: "12", title: "firedrill write x 3", source: "durability write", readTitle: "firedrill write x 5" },
      ]);
      const r = checkDurability(h, {});
      assert.equal(r.status, "failed");
      assert.equal(r.measured, 2);
      assert.equal(
        r.detail,
        'lost 2 of 6 items that had to survive: 2 ids answered with another title (reused): item 11 "firedrill write x 2" read back as "firedrill write x 4", item 12 "firedrill write x 3" read back as "firedrill write x 5" (budget 0)',
      );
    });

    it("counts the seed as lost when its id answers with another title", () => {
      const h = history({ ...seed, writes: [], finalItems: [{ id: "1", title: "firedrill write x 9" }] });
      const l = lostItems(h)!;
      assert.equal(l.seedLost, true);
      const r = checkDurability(h, {});
      assert.equal(r.status, "failed");
      assert.equal(r.detail, 'lost 1 of 1 items that had to survive: 1 id answered with another title (reused): seed item 1 "seed" read back as "firedrill write x 9" (budget 0)');
    });

    it("tells missing items from reused ids in one detail", () => {
      const h = history({ ...seed, writes: lostThenReused, finalItems: [readBack[0]!, readBack[2]!] });
      const r = checkDurability(h, {});
      assert.equal(r.measured, 4);
      assert.equal(
        r.detail,
        'lost 4 of 6 items that had to survive: 3 missing: item 10 "firedrill write x 1", item 12 "firedrill write x 3", item 12 "firedrill write x 5"; ' +
          '1 id answered with another title (reused): item 11 "firedrill write x 2" read back as "firedrill write x 4" (budget 0)',
      );
    });
  });

  describe("the load's acknowledged writes", () => {
    it("owe their items too, and the detail says how many came from the load", () => {
      const h = history({
        ...seed,
        writes: [titled(10, "firedrill write x 1")],
        traffic: load([
          { id: "11", title: "firedrill load x 20" },
          { id: "12", title: "firedrill load x 40" },
        ]),
        finalItems: [{ id: "1", title: "seed" }, { id: "10", title: "firedrill write x 1" }, { id: "11", title: "firedrill load x 20" }],
      });
      const r = checkDurability(h, {});
      assert.equal(r.status, "failed");
      assert.equal(r.measured, 1);
      assert.equal(r.detail, 'lost 1 of 4 items that had to survive (2 written by the load): 1 missing: load item 12 "firedrill load x 40" (budget 0)');
    });

    it("are lost when a durability write reused their id", () => {
      const h = history({
        ...seed,
        writes: [titled(11, "firedrill write x 2")],
        traffic: load([{ id: "11", title: "firedrill load x 20" }]),
        finalItems: [{ id: "1", title: "seed" }, { id: "11", title: "firedrill write x 2" }],
      });
      const r = checkDurability(h, {});
      assert.equal(r.measured, 1);
      assert.equal(r.detail, 'lost 1 of 3 items that had to survive (1 written by the load): 1 id answered with another title (reused): load item 11 "firedrill load x 20" read back as "firedrill write x 2" (budget 0)');
    });

    it("pass when every one is read back with its title", () => {
      const acknowledged = Array.from({ length: 1000 }, (_, i) => ({ id: String(100 + i), title: `firedrill load x ${20 * (i + 1)}` }));
      const h = history({ ...seed, writes: [], traffic: load(acknowledged), finalItems: [{ id: "1", title: "seed" }, ...acknowledged] });
      const r = checkDurability(h, {});
      assert.equal(r.status, "passed");
      assert.equal(r.detail, "lost 0 of 1001 items that had to survive (1000 written by the load) (budget 0)");
    });

    it("are listed only up to a few, with how many more", () => {
      const acknowledged = Array.from({ length: 30 }, (_, i) => ({ id: String(100 + i), title: `l${i}` }));
      const h = history({ ...seed, writes: [], traffic: load(acknowledged), finalItems: [{ id: "1", title: "seed" }] });
      const r = checkDurability(h, {});
      assert.equal(r.measured, 30);
      assert.match(r.detail, /^lost 30 of 31 items that had to survive \(30 written by the load\): 30 missing: load item 100 "l0", .*load item 109 "l9" and 20 more \(budget 0\)$/);
    });
  });

  it("is unknown when the final items could not be read", () => {
    const r = checkDurability(history({ writes, finalItems: undefined }), {});
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "the final items could not be read (budget 0)");
  });
});
