import type { Budget } from "../checks/budget.ts";
import { BUDGET_LABELS } from "../checks/describe-budget.ts";
import { STANDARD_BUDGETS } from "../checks/standard-budgets.ts";
import type { Scenario } from "./scenario.ts";

/** Every budget field a scenario's figures are held to: the standard ones and its own, in the order reports list budgets. */
export function judgedBudgets(scenario: Pick<Scenario, "judges">): Array<keyof Budget> {
  const judged = new Set<keyof Budget>([...STANDARD_BUDGETS, ...(scenario.judges ?? [])]);
  return (Object.keys(BUDGET_LABELS) as Array<keyof Budget>).filter((field) => judged.has(field));
}

/** The fields of `budget` no check of the scenario reads: set, they would be shown as enforced and never be. */
export function unjudgedFields(scenario: Pick<Scenario, "judges">, budget: Budget): Array<keyof Budget> {
  const judged = judgedBudgets(scenario);
  return (Object.keys(budget) as Array<keyof Budget>).filter((field) => budget[field] !== undefined && !judged.includes(field));
}

/**
 * "<where>: no check of host-halt judges it (host-halt judges timeToRecoverMs, ...); blue-green
 * judges it": why a budget is refused, with what each scenario does judge. Several
 * scenarios share the standard budgets, so those are named once and each one's own after.
 */
export function unjudgedText(where: string, notJudging: ReadonlyArray<Pick<Scenario, "name" | "judges">>, judging: readonly string[] = []): string {
  const names = notJudging.map((s) => s.name).join(", ");
  const elsewhere = judging.length > 0 ? `; ${judging.join(", ")} ${judging.length === 1 ? "judges" : "judge"} it` : "";
  if (notJudging.length === 1) return `${where}: no check of ${names} judges it (${names} judges ${judgedBudgets(notJudging[0]!).join(", ")})${elsewhere}`;
  const groups = new Map<string, string[]>();
  for (const scenario of notJudging) {
    const own = judgedBudgets(scenario).filter((f) => !(STANDARD_BUDGETS as ReadonlyArray<string>).includes(f)).join(", ") || "none";
    groups.set(own, [...(groups.get(own) ?? []), scenario.name]);
  }
  const own = [...groups].map(([list, group]) => `${group.join(", ")}: ${list}`).join("; ");
  return `${where}: no check of ${names} judges it (each judges the standard budgets ${STANDARD_BUDGETS.join(", ")}, and of its own: ${own})${elsewhere}`;
}
