import { drillSuite } from "../src/drill/drill-suite.ts";
import { portCollision } from "../src/scenarios/definitions/index.ts";

drillSuite("Port collision", import.meta.filename, [portCollision]);
