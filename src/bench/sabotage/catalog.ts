import { databaseGone } from "./database-gone.ts";
import type { Sabotage } from "./sabotage.ts";
import { starvedProbe } from "./starved-probe.ts";
import { stuckUpgrade } from "./stuck-upgrade.ts";
import { unannouncedOutage } from "./unannounced-outage.ts";
import { unschedulableReplica } from "./unschedulable-replica.ts";

/** Every sabotage `bench trust` runs, in order; the certification control is separate (it needs no lab of its own). */
export const SABOTAGES: readonly Sabotage[] = [unannouncedOutage, unschedulableReplica, databaseGone, starvedProbe, stuckUpgrade];

export { databaseGone, starvedProbe, stuckUpgrade, unannouncedOutage, unschedulableReplica };
