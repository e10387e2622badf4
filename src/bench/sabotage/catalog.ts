import { databaseGone } from "./database-gone.ts";
import { keepaliveReset } from "./keepalive-reset.ts";
import { reusedIds } from "./reused-ids.ts";
import type { Sabotage } from "./sabotage.ts";
import { staleClusterView } from "./stale-cluster-view.ts";
import { stalledOutage } from "./stalled-outage.ts";
import { starvedProbe } from "./starved-probe.ts";
import { stuckUpgrade } from "./stuck-upgrade.ts";
import { unannouncedOutage } from "./unannounced-outage.ts";
import { unschedulableReplica } from "./unschedulable-replica.ts";

/** Every sabotage `bench trust` runs, in order; the result controls are separate (they judge one unsabotaged run). */
export const SABOTAGES: readonly Sabotage[] = [unannouncedOutage, unschedulableReplica, databaseGone, starvedProbe, stuckUpgrade, stalledOutage, reusedIds, keepaliveReset, staleClusterView];

export { databaseGone, keepaliveReset, reusedIds, staleClusterView, stalledOutage, starvedProbe, stuckUpgrade, unannouncedOutage, unschedulableReplica };
