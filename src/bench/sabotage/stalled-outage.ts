import { sleep } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";
import { setEdgeMaintenance, unannouncedOutage } from "./unannounced-outage.ts";

const OUTAGE_MS = 20_000;
const STALL_MS = 150;

/**
 * The unannounced outage with the runner's own event loop blocked for 150 ms in its
 * middle, as a busy CI machine does now and then. The stall leaves a short stretch
 * unseen; the 20 s outage around it was seen, so its figures are bounds whose best case
 * still misses every budget: failed, not broken (before, the stall voided the window and
 * a clear outage read as the harness's failure, exit 2).
 */
export const stalledOutage: Sabotage = {
  // The unannounced outage's scenario, moment, expectation, undo and leftovers: only the stall is added.
  ...unannouncedOutage,
  name: "stalled-outage",
  title: `the edge's backends in maintenance for ${OUTAGE_MS / 1000}s, the runner stalled ${STALL_MS}ms inside it`,
  async during(ctx) {
    await setEdgeMaintenance(ctx.lab, "maint");
    await sleep(OUTAGE_MS / 2);
    const end = performance.now() + STALL_MS;
    // A busy loop on purpose: nothing else in the process may run meanwhile.
    while (performance.now() < end);
    await sleep(OUTAGE_MS / 2);
    await setEdgeMaintenance(ctx.lab, "ready");
  },
};
