import { checkConvergence } from "../../checks/convergence-time.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { Scenario } from "../scenario.ts";
import { taskErrors } from "./task-errors.ts";

/** firedrill's lb in the stack's namespace. */
const lbOf = (namespace: string) => `${namespace}_lb`;

/**
 * A squatter holds port 80 on a host before the lb is (re)deployed there: the lb's task
 * on that host fails to bind, which the report shows; traffic goes through the other
 * hosts; once the squatter leaves, the lb converges within budget.
 */
export const portCollision: Scenario = {
  name: "port-collision",
  title: "port collision",
  description:
    "The lb is taken off one worker, a plain container outside the cluster takes port 80 there, and the lb is " +
    "deployed back. Its task fails to bind (the error is reported) while the other hosts serve; once the squatter " +
    "leaves, the lb must converge within budget.",
  // Convergence is counted from the squatter's arrival, so it includes the time it holds
  // the port: 32-58 s over five runs (`firedrill bench stability`); 90 s keeps a margin.
  budget: { errorRatio: 0.01, longestGapMs: 2000, timeToRecoverMs: 15_000, convergenceMs: 90_000, lostItems: 0 },
  // Its own convergence check is the lb's after the squatter left, held to the same budget.
  judges: ["convergenceMs"],
  async method(ctx) {
    const lb = lbOf(ctx.subject.namespace);
    const host = (await ctx.hostsRunning(lb)).filter((h) => !ctx.lab.nodeOf(h).manager).sort()[0];
    if (!host) throw new Error("no worker runs the lb");
    ctx.fact("targetHost", host);
    await ctx.docker("service", "update", "--detach", "--constraint-add", `node.hostname!=${host}`, lb);
    await ctx.waitUntil(`${lb} gone from ${host}`, 60_000, (snapshot) => {
      const left = snapshot.tasks.filter((t) => t.service === lb && t.host === host && t.state === "running");
      return left.length === 0 || `${left.length} lb task(s) still running on ${host}`;
    });
    const squatter = await ctx.inject(new Fault(faultKind("port-collision"), host, { port: 80, squatter: "container" }));
    await ctx.docker("service", "update", "--detach", "--constraint-rm", `node.hostname!=${host}`, lb);
    await ctx.hold(Math.max(0, ctx.history.t0 + 30_000 - Date.now()), "the squatter keeps port 80 until T0+30s");
    await ctx.revert(squatter);
    const left = ctx.mark("squatter left");
    // Its convergence check runs from the squatter's leaving, not from T0.
    await ctx.observe({ maxMs: left - ctx.history.t0 + 90_000, budgets: [["convergenceMs", left]], settleMs: 5000 });
  },
  checks: (history, budget) => {
    const left = history.marks["squatter left"] ?? history.windowEnd;
    const afterSquatter = checkConvergence({ ...history, t0: left }, budget);
    return [
      taskErrors(history, lbOf(history.subject.namespace), /address already in use|port .* (already|in use)|bind/i, "bind errors"),
      { ...afterSquatter, name: "lb converged after the squatter left", detail: afterSquatter.detail.replace("after T0", "after the squatter left") },
    ];
  },
};
