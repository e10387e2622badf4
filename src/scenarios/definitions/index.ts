import type { Scenario } from "../scenario.ts";
import { blueGreenCutover } from "./blue-green.ts";
import { daemonFreeze } from "./daemon-freeze.ts";
import { databaseLatency } from "./database-latency.ts";
import { failedUpgradeRollsBack } from "./failed-upgrade.ts";
import { hostHaltWithHealthChecks, hostHaltWithoutHealthCheck } from "./host-halt.ts";
import { placementKept } from "./placement.ts";
import { portCollision } from "./port-collision.ts";
import { registryBlockedUpgrade } from "./registry-blocked-upgrade.ts";
import { rollbackWithFrozenHost, rollbackWithRegistryBlocked } from "./rollback-candidates.ts";
import { upgradeWithHostDown } from "./upgrade-host-down.ts";

/** A group of scenarios, as reports show them (one mocha suite each). */
export interface ScenarioSuite {
  title: string;
  scenarios: readonly Scenario[];
}

/**
 * Every scenario, once, grouped, in the order a drill runs them (cheap, common failures
 * first). The drill's mocha suites, `--list`, profiles' validation and certificates'
 * coverage all read this list; a new scenario is one line here.
 */
export const SCENARIO_SUITES: readonly ScenarioSuite[] = [
  { title: "Host halt", scenarios: [hostHaltWithHealthChecks, hostHaltWithoutHealthCheck] },
  { title: "Docker daemon frozen", scenarios: [daemonFreeze] },
  { title: "Registry unreachable", scenarios: [registryBlockedUpgrade] },
  { title: "Port collision", scenarios: [portCollision] },
  { title: "Rollback", scenarios: [failedUpgradeRollsBack, rollbackWithFrozenHost, rollbackWithRegistryBlocked] },
  { title: "Blue-green deployment", scenarios: [blueGreenCutover] },
  { title: "Upgrade with a lost host", scenarios: [upgradeWithHostDown] },
  { title: "Scheduling by host tags", scenarios: [placementKept] },
  { title: "Slow database", scenarios: [databaseLatency] },
];

export const SCENARIOS: readonly Scenario[] = SCENARIO_SUITES.flatMap((suite) => suite.scenarios);

/** What a drill runs and a certificate covers when no scenario is named: every one but the opt-in ones. */
export const DEFAULT_SCENARIOS: readonly Scenario[] = SCENARIOS.filter((s) => !s.optIn);
