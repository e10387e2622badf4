import { pinnedRecovered } from "../../checks/pinned-recovered.ts";
import { pinnedReportedUnavailable } from "../../checks/pinned-reported-unavailable.ts";
import { pinnedStayedPut } from "../../checks/pinned-stayed-put.ts";
import { spreadKept } from "../../checks/spread-kept.ts";
import { spreadRestored } from "../../checks/spread-restored.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { History } from "../../history/history.ts";
import type { Scenario } from "../scenario.ts";

/** How long the pinned host stays away once the platform has marked it down: time enough to move what it should not. */
const HOST_AWAY_MS = 15_000;

/** The spread rule's service needs as many distinct hosts as it has replicas, up to the hosts left. */
function spreadTarget(history: History): { service: string; minHosts: number } | undefined {
  const spread = history.subject.spread;
  if (!spread) return undefined;
  const last = history.cluster.at(-1);
  const replicas = last?.services.find((s) => s.name === spread.service)?.replicas ?? 1;
  return { service: spread.service, minHosts: Math.ceil(replicas / spread.maxPerNode) };
}

/**
 * The seed's scheduling by host tags: the stack's stateful service is pinned by a node
 * label to one host, and that host is lost. The platform must report the service
 * unavailable rather than move it against its constraint, and run it there again when
 * the host returns, within budget. A spread rule the stack declares (at most N replicas
 * per host) must hold while the host is away, and the replicas must be spread again after.
 */
export const placementKept: Scenario = {
  name: "placement",
  title: "scheduling by host tags",
  description:
    "The host the stack's stateful service is pinned to (by a node label) halts. The service must be reported unavailable, " +
    "never moved against its constraint, and run on its host again once it returns, within budget; a declared max-replicas-per-node " +
    "rule must hold throughout and the replicas be spread again after.",
  // Losing the only host a stateful service may run on is an outage by design: requests
  // that need it fail from the halt until it runs again (about 15 s until the node is
  // marked down, 15 s away, then the restart). The budgets bound that outage by the time
  // the host is away plus a recovery (measured: 36-38 s of outage, 86% of requests in a
  // window that ended 5 s after the service was back; it is now watched 15 s after), and
  // the placement figures are the point.
  budget: { errorRatio: 0.9, longestGapMs: 90_000, timeToRecoverMs: 120_000, convergenceMs: 150_000, placementRecoveredMs: 60_000, lostItems: 0 },
  judges: ["placementRecoveredMs"],
  async method(ctx) {
    const host = ctx.lab.pinnedHost;
    if (ctx.lab.nodeOf(host).manager) throw new Error(`the pinned host ${host} is a manager: losing it takes the control plane that must report the service (give the lab a worker)`);
    ctx.fact("targetHost", host);
    ctx.event(`halting ${host}, the only host ${ctx.subject.stateful} may run on`);
    const halt = await ctx.inject(new Fault(faultKind("host-halt"), host, { mode: "stop" }));
    await ctx.waitForNodeDown(host, 60_000);
    await ctx.hold(HOST_AWAY_MS, `${host} stays away: ${ctx.subject.stateful} must not move elsewhere`);
    await ctx.revert(halt);
    const returnedAt = Date.now();
    await ctx.observe({
      what: `${ctx.subject.stateful} back on ${host}, recovered and converged`,
      maxMs: returnedAt - ctx.history.t0 + 150_000,
      budgets: [["placementRecoveredMs", returnedAt]],
      // Watched longer than other scenarios once settled: the outage is most of the window,
      // so the error ratio's margin comes from what is seen served after it.
      settleMs: 15_000,
      until: () => {
        const live = ctx.live();
        const spread = spreadTarget(live);
        return (
          pinnedRecovered(live, { service: ctx.subject.stateful, pinnedHost: host }, {}).status === "passed" &&
          (!spread || spreadRestored(live, { ...spread, host }).status === "passed") &&
          ctx.probeRecovered() &&
          ctx.converged()
        );
      },
    });
  },
  checks(history, budget) {
    const pinned = { service: history.subject.stateful, pinnedHost: history.subject.pinnedHost };
    const spread = history.subject.spread;
    const target = spreadTarget(history);
    return [
      pinnedStayedPut(history, pinned),
      pinnedReportedUnavailable(history, pinned),
      pinnedRecovered(history, pinned, budget),
      ...(spread && target ? [spreadKept(history, spread), spreadRestored(history, { ...target, host: pinned.pinnedHost })] : []),
    ];
  },
};
