import type { Profile } from "../profiles/load-profile.ts";
import type { DrillConfig } from "./drill-session.ts";

/**
 * The drill a profile asks for: its lab, its budgets (a scenario's own first, then the
 * profile's for every scenario, then the profile's for that scenario) and its scenarios.
 */
export function drillConfigFor(profile: Profile, runId: string, only?: readonly string[]): DrillConfig {
  const scenarios = only && profile.scenarios ? only.filter((s) => profile.scenarios!.includes(s)) : (only ?? profile.scenarios);
  return {
    scenarios,
    lab: { ...profile.lab, runId },
    budgets: { all: profile.budgets, byScenario: profile.scenarioBudgets },
    profile: profile.name,
  };
}
