import type { History } from "../history/history.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

export interface LostItems {
  /** Ids that had to survive: the seed item and every acknowledged write. */
  expected: string[];
  lost: string[];
  seedLost: boolean;
}

/**
 * Only acknowledged writes are owed: a write that failed (or timed out) may or may not
 * have landed, so its absence is not a loss. Undefined when the final items could not
 * be read, because nothing can be said then.
 */
export function lostItems(history: Pick<History, "writes" | "finalItems" | "seedItemId">): LostItems | undefined {
  if (history.finalItems === undefined) return undefined;
  const present = new Set(history.finalItems.map((p) => p.id));
  const acknowledged = history.writes.filter((w) => w.ok).flatMap((w) => (w.itemId === undefined ? [] : [w.itemId]));
  const expected = [...new Set([history.seedItemId, ...acknowledged])];
  const lost = expected.filter((id) => !present.has(id));
  return { expected, lost, seedLost: !present.has(history.seedItemId) };
}

/** Data loss is always judged: without a budget none may be lost. */
export function checkDurability(history: History, budget: Budget): CheckResult {
  const limit = budget.lostItems ?? 0;
  return runCheck(
    "durability",
    "count",
    () => {
      const l = lostItems(history);
      if (l === undefined) return { status: "unknown", budget: limit, detail: withBudget("the final items could not be read", limit, "count") };
      const sentence =
        l.lost.length === 0
          ? `lost 0 of ${l.expected.length} items that had to survive`
          : `lost ${l.lost.length} of ${l.expected.length} items that had to survive: ${l.lost
              .map((id) => (id === history.seedItemId ? `seed item ${id}` : `item ${id}`))
              .join(", ")}`;
      return { status: againstBudget(l.lost.length, limit), measured: l.lost.length, budget: limit, standsAlone: true, detail: withBudget(sentence, limit, "count") };
    },
    limit,
  );
}
