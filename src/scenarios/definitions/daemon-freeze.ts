import { duplicatesCleared } from "../../checks/duplicates-cleared.ts";
import { nodeMarkedDown } from "../../checks/node-down-time.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { Scenario } from "../scenario.ts";

/**
 * The seed's "Docker on host frozen": the engine stops answering while its containers
 * keep running. Swarm must mark the node down and run its tasks elsewhere; after the
 * thaw, the stale containers must go, leaving no duplicates.
 */
export const daemonFreeze: Scenario = {
  name: "daemon-freeze",
  title: "daemon freeze",
  description:
    "dockerd and containerd on a worker running the traffic service are stopped (SIGSTOP); its containers keep running. " +
    "The node must be marked down and its tasks run elsewhere within budget; after the thaw no duplicate tasks may remain.",
  // Until the lbs' health checks drop the frozen host's tasks (which keep running but can
  // no longer resolve the database), requests through them fail: measured 2-4 s of
  // downtime in a 25-30 s window. The budgets allow about twice that. Convergence took
  // 24-55 s over five runs (`firedrill bench stability`), the tail when Swarm backs off
  // restarting a task; 90 s keeps a margin over the slowest seen.
  // The node is marked down after 3 missed 5 s heartbeats (13.5-16.5 s); 30 s allows for a
  // slow manager. Stale containers went within a minute of the thaw in every run seen.
  budget: { errorRatio: 0.2, downtimeMs: 10_000, longestGapMs: 10_000, timeToRecoverMs: 30_000, convergenceMs: 90_000, nodeDownMs: 30_000, duplicatesClearedMs: 60_000, lostItems: 0 },
  judges: ["nodeDownMs", "duplicatesClearedMs"],
  async method(ctx) {
    const host = await ctx.workerRunning(ctx.subject.traffic);
    ctx.fact("targetHost", host);
    ctx.note(`frozen host: ${host}`);
    const frozen = await ctx.inject(new Fault(faultKind("daemon-freeze"), host));
    await ctx.observe({ maxMs: 90_000, settleMs: 3000 });
    ctx.event(`thawing ${host}`);
    await ctx.revert(frozen);
    // After the thaw: watch until the stale containers are gone (or a minute passes).
    const thawedAt = Date.now();
    await ctx.observe({
      what: "no duplicate after the thaw, recovered and converged",
      maxMs: thawedAt - ctx.history.t0 + 60_000,
      budgets: [["duplicatesClearedMs", thawedAt]],
      settleMs: 4000,
      until: () =>
        duplicatesCleared(ctx.live(), ctx.subject.traffic, ctx.subject.replicas, thawedAt, Number.POSITIVE_INFINITY).status === "passed" && ctx.probeRecovered() && ctx.converged(),
    });
  },
  checks(history, budget) {
    const fault = history.faults[0];
    if (!fault) return [];
    return [
      nodeMarkedDown(history, fault.host, budget.nodeDownMs),
      duplicatesCleared(history, history.subject.traffic, history.subject.replicas, fault.revertedAt ?? history.windowEnd, budget.duplicatesClearedMs),
    ];
  },
};
