import { type Budget, DURATION_FIELDS } from "../checks/budget.ts";
import { formatFigure, type Unit } from "../checks/format.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { type BudgetLayers, resolveBudget } from "./plan-budget.ts";

/** A budget made looser than the scenario's own default: listed wherever the verdict is. */
export interface Waiver {
  scenario: string;
  field: keyof Budget;
  /** The scenario's own default. */
  default: number;
  /** What the scenario was judged against instead. */
  allowed: number;
  /** Which override set it: "budgets", "scenarioBudgets.<name>" (the profile's keys) or "--budget". */
  source: string;
}

/**
 * Every budget an override loosened: a field the scenario's defaults have, set larger
 * (every budget is a maximum, so larger is looser). A tighter budget, or one the
 * scenario does not have by default, asks more of the platform and is no waiver.
 */
export function budgetWaivers(scenarios: readonly Pick<Scenario, "name" | "budget">[], layers: BudgetLayers): Waiver[] {
  return scenarios.flatMap((scenario) => {
    const { budget, sources } = resolveBudget(scenario, layers);
    return (Object.keys(budget) as Array<keyof Budget>).flatMap((field) => {
      const allowed = budget[field];
      const fallback = scenario.budget[field];
      const source = sources[field];
      if (allowed === undefined || fallback === undefined || allowed <= fallback || !source || source === "scenario default") return [];
      return [{ scenario: scenario.name, field, default: fallback, allowed, source }];
    });
  });
}

function unitOf(field: keyof Budget): Unit {
  if ((DURATION_FIELDS as readonly string[]).includes(field)) return "ms";
  return field === "errorRatio" ? "ratio" : "count";
}

/** "errorRatio 5% where the default is 2% (budgets)": one waiver as a reader sees it. */
export function waiverText(waiver: Waiver): string {
  const unit = unitOf(waiver.field);
  return `${waiver.field} ${formatFigure(waiver.allowed, unit)} where the default is ${formatFigure(waiver.default, unit)} (${waiver.source})`;
}
