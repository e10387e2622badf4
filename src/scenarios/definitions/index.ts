import type { Scenario } from "../scenario.ts";
import { blueGreenCutover } from "./blue-green.ts";
import { daemonFreeze } from "./daemon-freeze.ts";
import { failedUpgradeRollsBack } from "./failed-upgrade.ts";
import { hostHaltWithHealthChecks, hostHaltWithoutHealthCheck } from "./host-halt.ts";
import { portCollision } from "./port-collision.ts";
import { registryBlockedUpgrade } from "./registry-blocked-upgrade.ts";
import { rollbackWithFrozenHost, rollbackWithRegistryBlocked } from "./rollback-candidates.ts";
import { upgradeWithHostDown } from "./upgrade-host-down.ts";

/** Every scenario, in the order a drill runs them. */
export const SCENARIOS: readonly Scenario[] = [
  hostHaltWithHealthChecks,
  hostHaltWithoutHealthCheck,
  daemonFreeze,
  registryBlockedUpgrade,
  portCollision,
  failedUpgradeRollsBack,
  rollbackWithFrozenHost,
  rollbackWithRegistryBlocked,
  blueGreenCutover,
  upgradeWithHostDown,
];

export {
  blueGreenCutover,
  daemonFreeze,
  failedUpgradeRollsBack,
  hostHaltWithHealthChecks,
  hostHaltWithoutHealthCheck,
  portCollision,
  registryBlockedUpgrade,
  rollbackWithFrozenHost,
  rollbackWithRegistryBlocked,
  upgradeWithHostDown,
};
