import { drillSuite } from "../src/drill/drill-suite.ts";
import { blueGreenCutover } from "../src/scenarios/definitions/index.ts";

drillSuite("Blue-green deployment", import.meta.filename, [blueGreenCutover]);
