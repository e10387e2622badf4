import { drillScenario } from "../src/drill/drill-scenario.ts";
import { upgradeWithHostDown } from "../src/scenarios/definitions/index.ts";

describe("Upgrade with a lost host", () => {
  drillScenario(upgradeWithHostDown);
});
