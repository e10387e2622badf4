import { serviceIntact } from "../../checks/service-intact.ts";
import { failedRequestsBetween } from "../../checks/failed-requests.ts";
import { versionServed } from "../../checks/version-served.ts";
import { FRONT, GREEN } from "../../stack/stack-variant.ts";
import type { Scenario } from "../scenario.ts";

/**
 * The seed's blue-green deployment: green (the next version) beside blue (the baseline), the app stacks on
 * internal ports, a front lb stack on port 80 pointing at blue. Traffic is switched to
 * green and back under continuous load: no request may fail (default budget), each
 * switch must finish within budget, and blue must stay intact.
 */
export const blueGreenCutover: Scenario = {
  name: "blue-green",
  title: "blue-green cutover",
  description:
    "Green (the next version, sharing blue's database) runs beside blue (the baseline); blue's own lb moves to an internal port and a " +
    "front lb stack on port 80 points at blue. The front is switched to green and back under continuous traffic: " +
    "failed requests and each switch's duration are judged, and blue must stay intact.",
  needs: ["blue-green"],
  services: (subject) => [subject.traffic, subject.stateful, `${GREEN}_${subject.traffic.slice(subject.namespace.length + 1)}`, `${FRONT}_lb`],
  // No request may fail through either switch, so every probe figure has a zero budget.
  budget: { failedRequests: 0, cutoverMs: 30_000, timeToRecoverMs: 0, longestGapMs: 0, errorRatio: 0, convergenceMs: 120_000, lostItems: 0 },
  judges: ["failedRequests", "cutoverMs"],
  async prepare(ctx) {
    await ctx.deployGreen();
    await ctx.deploy({ lbPort: 8080 });
    await ctx.waitForUpdate(`${ctx.subject.namespace}_lb`, ["completed"], 90_000).catch(() => undefined);
    await ctx.pointFrontAt("blue");
  },
  async method(ctx) {
    ctx.markT0(ctx.mark("switched to green"));
    await ctx.pointFrontAt("green");
    await ctx.waitForUpdate(`${FRONT}_lb`, ["completed"], 120_000);
    const { baseline, next } = ctx.subject.versions;
    await ctx.observe({ maxMs: 120_000, budgets: [["cutoverMs", ctx.history.t0]], settleMs: 3000, what: "only the next version answering", until: () => versionServed(ctx.live(), next!, ctx.history.t0, Number.POSITIVE_INFINITY).status === "passed" });
    const back = ctx.mark("switched back to blue");
    await ctx.pointFrontAt("blue");
    await ctx.waitForUpdate(`${FRONT}_lb`, ["completed"], 120_000);
    await ctx.observe({ maxMs: back - ctx.history.t0 + 120_000, budgets: [["cutoverMs", back]], settleMs: 3000, what: "only the baseline answering again", until: () => versionServed(ctx.live(), baseline, back, Number.POSITIVE_INFINITY).status === "passed" });
  },
  checks(history, budget) {
    const toGreen = history.marks["switched to green"] ?? history.t0;
    const toBlue = history.marks["switched back to blue"] ?? history.windowEnd;
    return [
      failedRequestsBetween(history, toGreen, history.windowEnd, budget.failedRequests, "failed requests during the cutovers"),
      versionServed({ ...history, windowEnd: toBlue }, history.subject.versions.next!, toGreen, budget.cutoverMs, "cutover to green"),
      versionServed(history, history.subject.versions.baseline, toBlue, budget.cutoverMs, "cutover back to blue"),
      serviceIntact(history, [history.subject.traffic, history.subject.stateful], "blue intact"),
    ];
  },
};
