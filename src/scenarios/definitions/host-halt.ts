import { degradedWindow } from "../../checks/degraded-window.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { Scenario } from "../scenario.ts";
import type { ScenarioContext } from "../scenario-context.ts";
import { readLbLog, taskAddresses } from "../read-lb-log.ts";

async function haltWorker(ctx: ScenarioContext): Promise<void> {
  const host = await ctx.workerRunning(ctx.subject.traffic);
  ctx.fact("targetHost", host);
  // Before the halt: the lbs' logs name where each request went by address only.
  const addresses = await taskAddresses(ctx.lab.host(host), ctx.subject.traffic);
  ctx.fact("targetAddresses", addresses);
  ctx.event(`halting ${host}, which runs ${ctx.subject.traffic} (${addresses.join(", ")}) and an lb`);
  await ctx.inject(new Fault(faultKind("host-halt"), host, { mode: "stop" }));
  await ctx.observe({ maxMs: 90_000, settleMs: 5000 });
  // The other hosts' lbs, while the halted one is still away: what they sent to its tasks
  // (or retried elsewhere after trying there) is the degraded window's figure.
  const dead = new Set(addresses);
  ctx.fact("lbLog", await readLbLog(ctx.lab, `${ctx.subject.namespace}_lb`, [host], ctx.history.t0, (r) => (r.server !== undefined && dead.has(r.server)) || r.redispatched));
}

export const hostHaltWithHealthChecks: Scenario = {
  name: "host-halt",
  title: "host halt, with health checks",
  description:
    "A worker running a task of the stack's traffic service and an lb halts (the seed's `vagrant halt`). Health checks at the edge, " +
    "the lb and the task let traffic avoid it at once; Swarm moves its task to a healthy host.",
  // 5%: T0 is now before the stop, so the shutdown's failures are in the window, and a
  // request the lbs rescue only after their 1 s connect timeout is past the probe's 900 ms
  // timeout and counts as failed. Measured 0.9-2.8% over four runs (it was 0% before both).
  budget: { errorRatio: 0.05, longestGapMs: 2000, timeToRecoverMs: 15_000, convergenceMs: 45_000, lostItems: 0 },
  method: haltWorker,
  checks: (history) => [degradedWindow(history)],
};

export const hostHaltWithoutHealthCheck: Scenario = {
  name: "host-halt-no-health-check",
  title: "host halt, without a health check",
  description:
    "The same halt with the stack's declared health check removed and an lb that does not check its backends (the seed's case). " +
    "Dead backends keep getting traffic until the platform notices the host is gone; compare the figures with host-halt.",
  needs: ["health check"],
  // Looser than host-halt on purpose: without health checks, dead backends keep getting
  // traffic until Swarm marks the node down (3 missed 5 s heartbeats), so requests fail in
  // bursts for up to ~16 s; measured 9.8-12.8 s of dead-backend traffic over five runs.
  budget: { errorRatio: 0.1, longestGapMs: 20_000, timeToRecoverMs: 45_000, convergenceMs: 60_000, lostItems: 0 },
  prepare: (ctx) => ctx.deploy({ healthChecks: false }),
  method: haltWorker,
  checks: (history) => [degradedWindow(history)],
};
