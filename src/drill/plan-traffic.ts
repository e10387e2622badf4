import type { Profile } from "../profiles/load-profile.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { resolveTraffic } from "../traffic/resolve-traffic.ts";
import { parseTrafficSpec, PROBE_ONLY, type TrafficSpec } from "../traffic/traffic-spec.ts";

/** Where a scenario's traffic came from, for --dry-run and reports. */
export type TrafficSource = "--traffic" | "profile" | "scenario" | "default";

/**
 * A scenario's traffic: the flag, else the profile's `traffic:`, else what the scenario
 * itself needs to mean anything (a latency drill runs under load), else the probe alone.
 * Checked here (a k6 script and a k6 to run it), before anything starts.
 */
export function trafficOfScenario(scenario: Scenario, flag: TrafficSpec | undefined, profile: Profile): { traffic: TrafficSpec; trafficSource: TrafficSource } {
  if (flag && flag.kind !== "probe") return { traffic: resolveTraffic(flag, "--traffic"), trafficSource: "--traffic" };
  if (profile.traffic && profile.traffic.kind !== "probe") return { traffic: resolveTraffic(profile.traffic, `${profile.file}: traffic`), trafficSource: "profile" };
  if (scenario.traffic) return { traffic: parseTrafficSpec(scenario.traffic, `scenario ${scenario.name}: traffic`), trafficSource: "scenario" };
  return { traffic: PROBE_ONLY, trafficSource: "default" };
}
