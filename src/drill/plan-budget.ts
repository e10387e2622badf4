import type { Budget } from "../checks/budget.ts";
import type { Scenario } from "../scenarios/scenario.ts";

/** Where a drill's budget overrides come from, lowest precedence first. */
export interface BudgetLayers {
  /** A profile's `budgets:`, for every scenario. */
  all?: Budget;
  /** `--budget` flags, for every scenario. */
  flags?: Budget;
  /** A profile's `scenarioBudgets:`, by scenario name. */
  byScenario?: Record<string, Budget>;
}

/** Which layer set a field: the scenario's default, the profile's keys, or the flag. */
export type BudgetSource = "scenario default" | "budgets" | `scenarioBudgets.${string}` | "--budget";

export interface ResolvedBudget {
  budget: Budget;
  sources: Partial<Record<keyof Budget, BudgetSource>>;
}

/**
 * A scenario's budget with every layer applied once: the scenario's defaults, then the
 * profile's for every scenario, then --budget, then the profile's for that scenario. The
 * one place budgets are merged; every reader (runner, waivers, dry run, reports) takes
 * this result.
 */
export function resolveBudget(scenario: Pick<Scenario, "name" | "budget">, layers: BudgetLayers): ResolvedBudget {
  const ordered: Array<[BudgetSource, Budget | undefined]> = [
    ["scenario default", scenario.budget],
    ["budgets", layers.all],
    ["--budget", layers.flags],
    [`scenarioBudgets.${scenario.name}`, layers.byScenario?.[scenario.name]],
  ];
  const budget: Budget = {};
  const sources: ResolvedBudget["sources"] = {};
  for (const [source, layer] of ordered) {
    for (const [field, value] of Object.entries(layer ?? {}) as Array<[keyof Budget, number | undefined]>) {
      if (value === undefined) continue;
      budget[field] = value;
      sources[field] = source;
    }
  }
  return { budget, sources };
}
