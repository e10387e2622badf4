import { runCheck } from "../../checks/run-check.ts";
import { snapshotsInWindow } from "../../checks/window.ts";
import { versionServed } from "../../checks/version-served.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { Scenario } from "../scenario.ts";
import { updateOutcome } from "./failed-upgrade.ts";

/**
 * The seed's forced upgrade with a lost host: a worker is halted, then the traffic service is
 * upgraded. The upgrade must complete on the reachable hosts within budget, and the
 * report says what the platform believes about the lost host meanwhile.
 */
export const upgradeWithHostDown: Scenario = {
  name: "upgrade-host-down",
  title: "upgrade with a host down",
  description:
    "A worker running the traffic service is halted; once the platform has marked it down, the service is upgraded to the next version. " +
    "The upgrade must complete on the reachable hosts within budget; the lost host's state is reported.",
  needs: ["next version"],
  budget: { errorRatio: 0.02, longestGapMs: 2000, timeToRecoverMs: 15_000, cutoverMs: 90_000, convergenceMs: 120_000, lostItems: 0 },
  judges: ["cutoverMs"],
  async method(ctx) {
    const host = await ctx.workerRunning(ctx.subject.traffic);
    ctx.fact("targetHost", host);
    await ctx.inject(new Fault(faultKind("host-halt"), host, { mode: "stop" }));
    // The halt is proven on the host; the platform noticing it is the platform's part, and
    // the upgrade starts once it has, as an operator would (before that, Swarm waits on the
    // lost host's task and the update hangs). Never noticing it is a failure.
    await ctx.waitForNodeDown(host, 60_000);
    const upgradeStarted = ctx.mark("upgrade started");
    await ctx.deploy({ version: "next" });
    const outcome = await ctx.waitForUpdate(ctx.subject.traffic, ["completed", "paused", "rollback_completed", "rollback_paused"], 150_000);
    ctx.event(`update ended: ${outcome}`);
    await ctx.observe({ maxMs: 180_000, budgets: [["cutoverMs", upgradeStarted]], settleMs: 5000 });
  },
  checks: (history, budget) => [
    updateOutcome(history, history.subject.traffic, ["completed"]),
    versionServed(history, history.subject.versions.next!, history.marks["upgrade started"] ?? history.t0, budget.cutoverMs, "upgrade complete on reachable hosts"),
    runCheck("lost host as the platform saw it", "count", () => {
      const host = history.facts.targetHost;
      if (!host) throw new Error("the lost host was never recorded");
      const inWindow = snapshotsInWindow(history);
      const last = inWindow[inWindow.length - 1];
      const node = last?.nodes.find((n) => n.host === host);
      const tasks = last?.tasks.filter((t) => t.host === host && t.service === history.subject.traffic) ?? [];
      const states = tasks.map((t) => `${t.state}/${t.desired}`).join(", ") || "no tasks";
      return { status: "passed", measured: tasks.length, detail: `${host}: node ${node?.state ?? "absent"}; its ${history.subject.traffic} tasks: ${states} (reported, no budget)` };
    }),
  ],
};
