import { drillScenario } from "../src/drill/drill-scenario.ts";
import { registryBlockedUpgrade } from "../src/scenarios/definitions/index.ts";

describe("Registry unreachable", () => {
  drillScenario(registryBlockedUpgrade);
});
