import { drillSuite } from "../src/drill/drill-suite.ts";
import { daemonFreeze } from "../src/scenarios/definitions/index.ts";

drillSuite("Docker daemon frozen", import.meta.filename, [daemonFreeze]);
