import { drillScenario } from "../src/drill/drill-scenario.ts";
import { failedUpgradeRollsBack, rollbackWithFrozenHost, rollbackWithRegistryBlocked } from "../src/scenarios/definitions/index.ts";

describe("Rollback", () => {
  drillScenario(failedUpgradeRollsBack);
  drillScenario(rollbackWithFrozenHost);
  drillScenario(rollbackWithRegistryBlocked);
});
