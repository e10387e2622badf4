import type { Budget } from "../checks/budget.ts";
import { inputError } from "../errors/firedrill-error.ts";
import { SCENARIOS } from "../scenarios/definitions/index.ts";
import { unjudgedFields, unjudgedText } from "../scenarios/judged-budgets.ts";
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

const PROFILE_HINT =
  "A budget is held only where a check reads it: set it under scenarioBudgets.<scenario> for the scenarios that judge it, or remove it " +
  "(`firedrill drill --dry-run` lists what each scenario judges). Nothing was started.";
const FLAG_HINT =
  "A --budget applies to every scenario of the plan: select only scenarios that judge it (--scenario), or set it in a profile's " +
  "scenarioBudgets.<scenario>. Nothing was started.";

/**
 * Refuses a budget that a scenario it applies to does not judge: it would be shown beside
 * that scenario (dry run, report parameters, certificate) and never enforced, so "25
 * failed requests" would pass a "failedRequests: 0" that no check of the scenario reads.
 * `scenarios` is the whole plan (every shard alike); a profile's scenarioBudgets are
 * checked for their own scenario, whether it runs or not. The profile's layers are
 * refused first (65), then the flags (64).
 */
export function refuseUnjudgedBudgets(
  scenarios: ReadonlyArray<Pick<Scenario, "name" | "judges">>,
  layers: BudgetLayers,
  profileFile: string,
  catalog: ReadonlyArray<Pick<Scenario, "name" | "judges">> = SCENARIOS,
): void {
  const profile = [
    ...layerProblems(scenarios, layers.all, (field, value) => `${profileFile}: budgets.${field} = ${value}`),
    ...Object.entries(layers.byScenario ?? {}).flatMap(([name, budget]) => {
      const scenario = catalog.find((s) => s.name === name);
      return scenario ? layerProblems([scenario], budget, (field, value) => `${profileFile}: scenarioBudgets.${name}.${field} = ${value}`) : [];
    }),
  ];
  if (profile.length > 0) throw inputError("PROFILE_INVALID", profile.join("; "), PROFILE_HINT);
  const flags = layerProblems(scenarios, layers.flags, (field, value) => `--budget ${field}=${value}`);
  if (flags.length > 0) throw inputError("BUDGET_INVALID", flags.join("; "), FLAG_HINT);
}

function layerProblems(
  scenarios: ReadonlyArray<Pick<Scenario, "name" | "judges">>,
  layer: Budget | undefined,
  where: (field: keyof Budget, value: number) => string,
): string[] {
  return (Object.keys(layer ?? {}) as Array<keyof Budget>).flatMap((field) => {
    const value = layer![field];
    if (value === undefined) return [];
    const notJudging = scenarios.filter((s) => unjudgedFields(s, { [field]: value }).length > 0);
    if (notJudging.length === 0) return [];
    const judging = scenarios.filter((s) => !notJudging.includes(s)).map((s) => s.name);
    return [unjudgedText(where(field, value), notJudging, judging)];
  });
}
