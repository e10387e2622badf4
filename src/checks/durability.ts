import type { History } from "../history/history.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

/** An item the stack owes: its id and title as acknowledged, and who wrote it. */
export interface OwedItem {
  id: string;
  title: string;
  source: "seed" | "durability write" | "load write";
}

export interface LostItems {
  /** What had to survive: the seed item and every acknowledged write, the load's too. */
  expected: OwedItem[];
  /** Of those, the ones whose id the stack no longer answers. */
  missing: OwedItem[];
  /** The ones whose id answers with another title: lost, and the id given to a later write. */
  reused: Array<OwedItem & { readTitle: string }>;
  seedLost: boolean;
  /** How many of the expected the load wrote (undefined when no load wrote). */
  fromLoad?: number;
}

/**
 * Only acknowledged writes are owed: a write that failed (or timed out) may or may not
 * have landed, so its absence is not a loss. An item survives only if its id is read back
 * with its title: a stack that loses its last writes and then hands their ids out again
 * (InnoDB's AUTO_INCREMENT after a crash, a Redis counter) answers every id, with the wrong
 * items. Undefined when the final items could not be read, because nothing can be said then.
 */
export function lostItems(history: Pick<History, "writes" | "finalItems" | "seedItemId" | "seedItemTitle" | "traffic">): LostItems | undefined {
  if (history.finalItems === undefined) return undefined;
  const titlesRead = new Map<string, string[]>();
  for (const item of history.finalItems) titlesRead.set(item.id, [...(titlesRead.get(item.id) ?? []), item.title]);
  const load = history.traffic?.acknowledged;
  const owed: OwedItem[] = [
    // A history that does not say the seed's title (the recorder always does) knows it by its id alone.
    { id: history.seedItemId, title: history.seedItemTitle ?? "", source: "seed" },
    ...history.writes.flatMap((w): OwedItem[] => (w.ok && w.itemId !== undefined ? [{ id: w.itemId, title: w.title, source: "durability write" }] : [])),
    ...(load ?? []).map((w): OwedItem => ({ ...w, source: "load write" })),
  ];
  // The same item acknowledged twice is owed once; the same id with two titles is two items, one of them lost.
  const expected = [...new Map(owed.map((o) => [`${o.id}\u0000${o.title}`, o])).values()];
  const missing: OwedItem[] = [];
  const reused: LostItems["reused"] = [];
  for (const o of expected) {
    const titles = titlesRead.get(o.id);
    if (titles === undefined) missing.push(o);
    else if (!(o.source === "seed" && history.seedItemTitle === undefined) && !titles.includes(o.title)) reused.push({ ...o, readTitle: titles[0]! });
  }
  const seedLost = [...missing, ...reused].some((o) => o.source === "seed");
  return { expected, missing, reused, seedLost, ...(load === undefined ? {} : { fromLoad: expected.filter((o) => o.source === "load write").length }) };
}

/** How many to name of each kind of loss: a lab that lost a thousand items needs a count, not a list. */
const NAMED = 10;

function named<T>(items: T[], name: (item: T) => string): string {
  const shown = items.slice(0, NAMED).map(name).join(", ");
  return items.length > NAMED ? `${shown} and ${items.length - NAMED} more` : shown;
}

function label(o: OwedItem): string {
  const what = o.source === "seed" ? "seed item" : o.source === "load write" ? "load item" : "item";
  return o.source === "seed" && o.title === "" ? `${what} ${o.id}` : `${what} ${o.id} "${o.title}"`;
}

function lossSentence(l: LostItems): string {
  const lost = l.missing.length + l.reused.length;
  const fromLoad = l.fromLoad === undefined ? "" : ` (${l.fromLoad} written by the load)`;
  const head = `lost ${lost} of ${l.expected.length} items that had to survive${fromLoad}`;
  if (lost === 0) return head;
  const parts = [
    ...(l.missing.length > 0 ? [`${l.missing.length} missing: ${named(l.missing, label)}`] : []),
    ...(l.reused.length > 0
      ? [`${l.reused.length} ${l.reused.length === 1 ? "id" : "ids"} answered with another title (reused): ${named(l.reused, (r) => `${label(r)} read back as "${r.readTitle}"`)}`]
      : []),
  ];
  return `${head}: ${parts.join("; ")}`;
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
      const lost = l.missing.length + l.reused.length;
      return { status: againstBudget(lost, limit), measured: lost, budget: limit, standsAlone: true, detail: withBudget(lossSentence(l), limit, "count") };
    },
    limit,
  );
}
