import { drillSuite } from "../src/drill/drill-suite.ts";
import { failedUpgradeRollsBack, rollbackWithFrozenHost, rollbackWithRegistryBlocked } from "../src/scenarios/definitions/index.ts";

drillSuite("Rollback", import.meta.filename, [failedUpgradeRollsBack, rollbackWithFrozenHost, rollbackWithRegistryBlocked]);
