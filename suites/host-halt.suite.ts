import { drillSuite } from "../src/drill/drill-suite.ts";
import { hostHaltWithHealthChecks, hostHaltWithoutHealthCheck } from "../src/scenarios/definitions/index.ts";

drillSuite("Host halt", import.meta.filename, [hostHaltWithHealthChecks, hostHaltWithoutHealthCheck]);
