import { drillSuite } from "../src/drill/drill-suite.ts";
import { registryBlockedUpgrade } from "../src/scenarios/definitions/index.ts";

drillSuite("Registry unreachable", import.meta.filename, [registryBlockedUpgrade]);
