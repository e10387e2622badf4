import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { Scenario } from "../scenario.ts";

/** How much slower the database answers, and for how long (the "slowed by 200 ms for 30 s"). */
export const DATABASE_DELAY_MS = 200;
export const DATABASE_SLOW_FOR_MS = 30_000;

/**
 * A slow database rather than a lost one: every answer of the stateful service comes
 * 200 ms late for 30 s while load runs. Nothing is down, so the probe's availability
 * figures hardly move; what users feel is latency, judged at the edge by percentiles and
 * by the worst second's errors (requests that ran past their timeout).
 */
export const databaseLatency: Scenario = {
  name: "database-latency",
  title: "database slowed by 200ms",
  description:
    `Every answer of the stack's stateful service (its database) is held back ${DATABASE_DELAY_MS}ms for ${DATABASE_SLOW_FOR_MS / 1000}s, under load. ` +
    "Judged at the edge: p95 and p99 latency and the worst second's error ratio over the window, then recovery once the delay is gone. " +
    "Opt-in (name it with --scenario or in a profile's scenarios:): it measures how the stack's own requests tolerate a slow database " +
    "more than the host configuration; a page that makes many queries in turn (WordPress: about 30) takes that many times the delay.",
  optIn: true,
  traffic: "load:rate=50",
  // A request that asks the database once or twice takes 200-400 ms longer: p95 within a
  // second, p99 within two, and no second in which more than 5% of requests ran past the
  // load's 2 s timeout. Recovery is immediate once the proxy is gone.
  budget: { p95LatencyMs: 1000, p99LatencyMs: 2000, errorRatioPerSecond: 0.05, errorRatio: 0.05, longestGapMs: 2000, timeToRecoverMs: 40_000, convergenceMs: 60_000, lostItems: 0 },
  async method(ctx) {
    const host = ctx.lab.pinnedHost;
    ctx.fact("targetHost", host);
    ctx.event(`slowing ${ctx.subject.stateful} on ${host} by ${DATABASE_DELAY_MS}ms`);
    const slowed = await ctx.inject(new Fault(faultKind("latency"), host, { to: ctx.subject.stateful, ms: DATABASE_DELAY_MS }));
    await ctx.hold(DATABASE_SLOW_FOR_MS, `${ctx.subject.stateful} answers ${DATABASE_DELAY_MS}ms late`);
    await ctx.revert(slowed);
    await ctx.observe({ maxMs: DATABASE_SLOW_FOR_MS + 60_000, settleMs: 5000 });
  },
};
