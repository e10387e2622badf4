import type { Profile } from "../profiles/load-profile.ts";
import type { DrillConfig } from "./drill-session.ts";
import { selectScenarios } from "./scenario-selection.ts";

/**
 * The drill a profile asks for: its lab, its budgets (a scenario's own first, then the
 * profile's for every scenario, then the profile's for that scenario) and its scenarios.
 * Pure and called before anything starts, so a bad selection costs no lab.
 */
export function drillConfigFor(profile: Profile, runId: string, only?: readonly string[]): DrillConfig {
  return {
    scenarios: selectScenarios(profile, only),
    lab: { ...profile.lab, runId },
    budgets: { all: profile.budgets, byScenario: profile.scenarioBudgets },
    profile: profile.name,
  };
}
