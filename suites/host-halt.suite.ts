import { drillScenario } from "../src/drill/drill-scenario.ts";
import { hostHaltWithHealthChecks, hostHaltWithoutHealthCheck } from "../src/scenarios/definitions/index.ts";

describe("Host halt", () => {
  drillScenario(hostHaltWithHealthChecks);
  drillScenario(hostHaltWithoutHealthCheck);
});
