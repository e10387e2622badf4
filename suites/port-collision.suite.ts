import { drillScenario } from "../src/drill/drill-scenario.ts";
import { portCollision } from "../src/scenarios/definitions/index.ts";

describe("Port collision", () => {
  drillScenario(portCollision);
});
