import { drillSuite } from "../src/drill/drill-suite.ts";
import { upgradeWithHostDown } from "../src/scenarios/definitions/index.ts";

drillSuite("Upgrade with a lost host", import.meta.filename, [upgradeWithHostDown]);
