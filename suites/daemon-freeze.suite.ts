import { drillScenario } from "../src/drill/drill-scenario.ts";
import { daemonFreeze } from "../src/scenarios/definitions/index.ts";

describe("Docker daemon frozen", () => {
  drillScenario(daemonFreeze);
});
