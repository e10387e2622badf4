import { drillScenario } from "../src/drill/drill-scenario.ts";
import { blueGreenCutover } from "../src/scenarios/definitions/index.ts";

describe("Blue-green deployment", () => {
  drillScenario(blueGreenCutover);
});
