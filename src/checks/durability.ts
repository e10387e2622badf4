import type { History } from "../history/history.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

export interface LostPosts {
  /** Ids that had to survive: the seed post and every acknowledged write. */
  expected: number[];
  lost: number[];
  seedLost: boolean;
}

/**
 * Only acknowledged writes are owed: a write that failed (or timed out) may or may not
 * have landed, so its absence is not a loss. Undefined when the final posts could not
 * be read, because nothing can be said then.
 */
export function lostPosts(history: Pick<History, "writes" | "finalPosts" | "seedPostId">): LostPosts | undefined {
  if (history.finalPosts === undefined) return undefined;
  const present = new Set(history.finalPosts.map((p) => p.id));
  const acknowledged = history.writes.filter((w) => w.ok).flatMap((w) => (w.postId === undefined ? [] : [w.postId]));
  const expected = [...new Set([history.seedPostId, ...acknowledged])];
  const lost = expected.filter((id) => !present.has(id));
  return { expected, lost, seedLost: !present.has(history.seedPostId) };
}

/** Data loss is always judged: without a budget none may be lost. */
export function checkDurability(history: History, budget: Budget): CheckResult {
  const limit = budget.lostPosts ?? 0;
  return runCheck(
    "durability",
    "count",
    () => {
      const l = lostPosts(history);
      if (l === undefined) return { status: "unknown", budget: limit, detail: withBudget("the final posts could not be read", limit, "count") };
      const sentence =
        l.lost.length === 0
          ? `lost 0 of ${l.expected.length} posts that had to survive`
          : `lost ${l.lost.length} of ${l.expected.length} posts that had to survive: ${l.lost
              .map((id) => (id === history.seedPostId ? `seed post ${id}` : `post ${id}`))
              .join(", ")}`;
      return { status: againstBudget(l.lost.length, limit), measured: l.lost.length, budget: limit, standsAlone: true, detail: withBudget(sentence, limit, "count") };
    },
    limit,
  );
}
