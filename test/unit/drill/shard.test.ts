import assert from "node:assert/strict";
import { parseShard, shardOf } from "../../../src/drill/shard.ts";
import { resolvePlan } from "../../../src/drill/plan.ts";
import { DEFAULT_SCENARIOS } from "../../../src/scenarios/definitions/index.ts";
import { testProfile } from "../../support/profile-fixture.ts";
import { thrown } from "../../support/thrown.ts";

const names = ["a", "b", "c", "d", "e"];
const durations = { a: 100, b: 90, c: 50, d: 40, e: 10 };

describe("shards", () => {
  it("are read as i/n, and anything else is refused naming the flag and the value", () => {
    assert.deepEqual(parseShard("2/3"), { index: 2, total: 3 });
    assert.deepEqual(parseShard(" 1/1 "), { index: 1, total: 1 });
    for (const bad of ["0/2", "3/2", "1/0", "a/b", "1/65", "1", "1/2/3", "-1/2"]) {
      const error = thrown(() => parseShard(bad, "--shard")) as Error & { code?: string };
      assert.equal(error.code, "SHARD_INVALID", bad);
      assert.match(error.message, new RegExp(`--shard ${bad.trim().replace(/[/]/g, "\\/")}`));
    }
  });

  it("cut the plan by measured durations, longest first to the lightest part, each part in plan order", () => {
    // a->1 (100), b->2 (90), c->2 (140), d->1 (140), e: a tie goes to the lower part.
    assert.deepEqual(shardOf(names, durations, { index: 1, total: 2 }), ["a", "d", "e"]);
    assert.deepEqual(shardOf(names, durations, { index: 2, total: 2 }), ["b", "c"]);
  });

  it("together hold every scenario exactly once, whatever the count, and cut the same way every time", () => {
    for (let total = 1; total <= 7; total++) {
      const parts = Array.from({ length: total }, (_, i) => shardOf(names, durations, { index: i + 1, total }));
      assert.deepEqual(parts.flat().sort(), [...names].sort(), `${total} shards`);
      assert.deepEqual(parts, Array.from({ length: total }, (_, i) => shardOf([...names], { ...durations }, { index: i + 1, total })));
    }
  });

  it("weigh a scenario never measured as the median of those that were", () => {
    // x counts as 50 (the median of 100, 90, 50, 40, 10): it joins the lighter part like c would.
    const withNew = [...names, "x"];
    const parts = [1, 2].map((index) => shardOf(withNew, durations, { index, total: 2 }));
    assert.deepEqual(parts.flat().sort(), [...withNew].sort());
    const load = (part: string[]) => part.reduce((sum, n) => sum + ((durations as Record<string, number>)[n] ?? 50), 0);
    assert.ok(Math.abs(load(parts[0]!) - load(parts[1]!)) <= 50, `parts of ${load(parts[0]!)} and ${load(parts[1]!)}`);
  });

  it("make a plan of their part only, knowing the whole plan; a shard with nothing to run is refused before anything starts", async () => {
    const profile = testProfile({ name: "p", description: "" });
    const whole = await resolvePlan({ profile, runId: "rtest", timeLimitMs: 60_000 });
    const parts = await Promise.all([1, 2, 3].map((index) => resolvePlan({ profile, runId: "rtest", timeLimitMs: 60_000, shard: { index, total: 3 } })));
    const ran = parts.flatMap((p) => p.scenarios.map((s) => s.scenario.name));
    assert.deepEqual([...ran].sort(), whole.scenarios.map((s) => s.scenario.name).sort());
    for (const part of parts) {
      assert.deepEqual(part.shard?.plan, DEFAULT_SCENARIOS.map((s) => s.name));
      assert.ok(part.scenarios.length > 0);
    }
    const tooMany = DEFAULT_SCENARIOS.length + 1;
    const error = (await resolvePlan({ profile, runId: "rtest", timeLimitMs: 60_000, shard: { index: tooMany, total: tooMany } }).catch((e: unknown) => e)) as Error & { code?: string };
    assert.equal(error.code, "SHARD_EMPTY");
    assert.match(error.message, new RegExp(`--shard ${tooMany}/${tooMany} holds no scenario`));
  });
});
