import type { Budget } from "../checks/budget.ts";
import { inputError } from "../errors/firedrill-error.ts";
import type { LabOptionsInput } from "../lab/lab-options.ts";
import type { Profile } from "../profiles/load-profile.ts";
import { DEFAULT_SCENARIOS, SCENARIOS } from "../scenarios/definitions/index.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { Inventory } from "../inventory/load-inventory.ts";
import { loadStack } from "../stack/load-stack.ts";
import { missingFeatures, type Stack } from "../stack/stack.ts";
import { type BudgetLayers, type BudgetSource, refuseUnjudgedBudgets, resolveBudget } from "./plan-budget.ts";
import { selectScenarios } from "./scenario-selection.ts";
import { trafficOfScenario, type TrafficSource } from "./plan-traffic.ts";
import type { TrafficSpec } from "../traffic/traffic-spec.ts";
import { DEFAULT_SETTLE_MS } from "./scenario-time-limit.ts";
import { type Shard, shardOf, shardText } from "./shard.ts";
import { scenarioDurations } from "./scenario-durations.ts";

/** One scenario as the drill will run it: its budget with where each figure came from, or why it is skipped. */
export interface PlannedScenario {
  scenario: Scenario;
  budget: Budget;
  sources: Partial<Record<keyof Budget, BudgetSource>>;
  /** The traffic beside the probe, and where it came from. */
  traffic: TrafficSpec;
  trafficSource: TrafficSource;
  /** Why the scenario cannot run on this stack (it needs what the stack does not declare). */
  skip?: string;
}

/**
 * A drill, resolved once from a profile, a stack and the flags, before anything starts:
 * the lab to start (or the run to attach to), the stack, the scenarios in order, and
 * each one's budget. The runner is given the plan; nothing else decides what runs.
 */
export interface DrillPlan {
  profile: Profile;
  stack: Stack;
  /** The run id of the lab: a new one, or an existing lab's (`attach`). */
  runId: string;
  /** Run on an existing lab (`--run`) rather than start one. */
  attach: boolean;
  lab: LabOptionsInput;
  /** The machines to drill instead of a local lab (`--inventory`). */
  inventory?: Inventory;
  scenarios: PlannedScenario[];
  layers: BudgetLayers;
  timeLimitMs: number;
  settleMs: number;
  /** With --shard: which part of the plan `scenarios` is, and every scenario of the whole plan. */
  shard?: Shard & { plan: string[] };
}

export interface PlanInput {
  profile: Profile;
  /** --stack, which wins over the profile's `stack:`. */
  stack?: string;
  /** --scenario names. */
  only?: readonly string[];
  /** --budget flags, validated. */
  budgetFlags?: Budget;
  /** --traffic, parsed. */
  traffic?: TrafficSpec;
  runId: string;
  attach?: boolean;
  inventory?: Inventory;
  timeLimitMs: number;
  settleMs?: number;
  /** --shard i/n: run only that part of the plan. */
  shard?: Shard;
  /** Measured durations the shards are balanced by (by default the repository's). */
  durationsMs?: Readonly<Record<string, number>>;
}

/** Resolves a plan; every input problem is an input error raised here, before any engine is touched. */
export async function resolvePlan(input: PlanInput): Promise<DrillPlan> {
  const { profile } = input;
  const stack = await loadStack(input.stack ?? profile.stack);
  const names = selectScenarios(profile, input.only);
  const layers: BudgetLayers = { all: profile.budgets, byScenario: profile.scenarioBudgets, flags: input.budgetFlags ?? {} };
  const selected = names ? SCENARIOS.filter((s) => names.includes(s.name)) : DEFAULT_SCENARIOS;
  // Over the whole plan, skipped scenarios too, before a shard takes its part: every shard refuses alike.
  refuseUnjudgedBudgets(selected, layers, profile.file);
  const scenarios = selected.map((scenario): PlannedScenario => {
    const skip = missingFeatures(stack, scenario.needs ?? []);
    return { scenario, ...resolveBudget(scenario, layers), ...trafficOfScenario(scenario, input.traffic, profile), ...(skip ? { skip } : {}) };
  });
  // Every scenario skipped would run nothing and exit 0: refused, like an empty selection.
  if (scenarios.every((p) => p.skip)) {
    throw inputError(
      "SCENARIO_NONE",
      `every selected scenario is skipped on stack ${stack.name}: ${scenarios.map((p) => `${p.scenario.name} (${p.skip})`).join("; ")}`,
      "Select a scenario the stack can run, or declare in its stack.yaml what the selected ones need.",
    );
  }
  const shard = input.shard ? shardPlan(scenarios, input.shard, input.durationsMs ?? scenarioDurations()) : undefined;
  return {
    profile,
    stack,
    runId: input.runId,
    attach: Boolean(input.attach),
    lab: { ...profile.lab, runId: input.runId },
    ...(input.inventory ? { inventory: input.inventory } : {}),
    scenarios: shard ? scenarios.filter((p) => shard.names.includes(p.scenario.name)) : scenarios,
    layers,
    timeLimitMs: input.timeLimitMs,
    settleMs: input.settleMs ?? DEFAULT_SETTLE_MS,
    ...(shard ? { shard: { ...input.shard!, plan: scenarios.map((p) => p.scenario.name) } } : {}),
  };
}

/** The names of one shard's scenarios; a skipped scenario costs nothing, so it weighs nothing. */
function shardPlan(scenarios: readonly PlannedScenario[], shard: Shard, durationsMs: Readonly<Record<string, number>>): { names: string[] } {
  const weights = { ...durationsMs, ...Object.fromEntries(scenarios.filter((p) => p.skip).map((p) => [p.scenario.name, 0])) };
  const names = shardOf(scenarios.map((p) => p.scenario.name), weights, shard);
  if (names.length === 0) {
    throw inputError(
      "SHARD_EMPTY",
      `--shard ${shardText(shard)} holds no scenario: the plan has ${scenarios.length} (${scenarios.map((p) => p.scenario.name).join(", ")})`,
      `Use at most ${scenarios.length} shards for this plan.`,
    );
  }
  return { names };
}

