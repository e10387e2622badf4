import type { Profile } from "../profiles/load-profile.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { resolveTraffic } from "../traffic/resolve-traffic.ts";
import { parseTrafficSpec, PROBE_ONLY, type TrafficSpec } from "../traffic/traffic-spec.ts";

type PlannedTraffic = { traffic: TrafficSpec; trafficSource: TrafficSource };

/** The traffic most of a drill's scenarios get (a scenario's own load aside), or undefined for no scenario. */
export function commonTraffic<T extends PlannedTraffic>(scenarios: readonly T[]): T | undefined {
  return scenarios.find((s) => s.trafficSource !== "scenario") ?? scenarios[0];
}

/** What a certificate was judged under: the common traffic's text. */
export function drillTraffic(scenarios: readonly PlannedTraffic[]): string {
  return commonTraffic(scenarios)?.traffic.text ?? "probe";
}

/** Where a scenario's traffic came from, for --dry-run and reports. */
export type TrafficSource = "--traffic" | "profile" | "scenario" | "default";

/**
 * A scenario's traffic: the flag, else the profile's `traffic:`, else what the scenario
 * itself needs to mean anything (a latency drill runs under load), else the probe alone.
 * Checked here (a k6 script and a k6 to run it), before anything starts.
 */
export function trafficOfScenario(scenario: Scenario, flag: TrafficSpec | undefined, profile: Profile): { traffic: TrafficSpec; trafficSource: TrafficSource } {
  // The flag wins over the profile even when it says `probe`; neither takes a scenario's own load away.
  const asked = flag
    ? { spec: flag, source: "--traffic" as const, where: "--traffic" }
    : profile.traffic
      ? { spec: profile.traffic, source: "profile" as const, where: `${profile.file}: traffic` }
      : undefined;
  if (asked && asked.spec.kind !== "probe") return { traffic: resolveTraffic(asked.spec, asked.where), trafficSource: asked.source };
  if (scenario.traffic) {
    const where = `scenario ${scenario.name}: traffic`;
    return { traffic: resolveTraffic(parseTrafficSpec(scenario.traffic, where), where), trafficSource: "scenario" };
  }
  return { traffic: PROBE_ONLY, trafficSource: asked?.source ?? "default" };
}
