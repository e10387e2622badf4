import { type Budget, DURATION_FIELDS } from "../checks/budget.ts";
import { formatFigure, type Unit } from "../checks/format.ts";
import type { Scenario } from "../scenarios/scenario.ts";

/** Where a drill's budget overrides come from, lowest precedence first (see DrillConfig). */
export interface BudgetLayers {
  /** A profile's `budgets:`, for every scenario. */
  all?: Budget;
  /** `--budget` flags, for every scenario. */
  flags?: Budget;
  /** A profile's `scenarioBudgets:`, by scenario name. */
  byScenario?: Record<string, Budget>;
}

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

/** A scenario's budget with every layer applied, and which layer set each field. */
export function effectiveBudget(scenario: string, layers: BudgetLayers): Budget {
  return { ...layers.all, ...layers.flags, ...layers.byScenario?.[scenario] };
}

function sourceOf(scenario: string, field: keyof Budget, layers: BudgetLayers): string {
  if (layers.byScenario?.[scenario]?.[field] !== undefined) return `scenarioBudgets.${scenario}`;
  if (layers.flags?.[field] !== undefined) return "--budget";
  return "budgets";
}

/**
 * Every budget an override loosened: a field the scenario's defaults have, set larger
 * (every budget is a maximum, so larger is looser). A tighter budget, or one the
 * scenario does not have by default, asks more of the platform and is no waiver.
 */
export function budgetWaivers(scenarios: readonly Pick<Scenario, "name" | "budget">[], layers: BudgetLayers): Waiver[] {
  return scenarios.flatMap((scenario) => {
    const overrides = effectiveBudget(scenario.name, layers);
    return (Object.keys(overrides) as Array<keyof Budget>).flatMap((field) => {
      const allowed = overrides[field];
      const fallback = scenario.budget[field];
      if (allowed === undefined || fallback === undefined || allowed <= fallback) return [];
      return [{ scenario: scenario.name, field, default: fallback, allowed, source: sourceOf(scenario.name, field, layers) }];
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
