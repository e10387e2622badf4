import { serviceIntact } from "../../checks/service-intact.ts";
import { failedRequestsBetween, versionServed } from "../../checks/version-served.ts";
import { deployGreen, pointFrontAt } from "../../stack/blue-green.ts";
import { deployWordPressStack } from "../../stack/wordpress-stack.ts";
import type { Scenario } from "../scenario.ts";

/**
 * The seed's blue-green deployment: green (v2) beside blue (v1), the app stacks on
 * internal ports, a front lb stack on port 80 pointing at blue. Traffic is switched to
 * green and back under continuous load: no request may fail (default budget), each
 * switch must finish within budget, and blue must stay intact.
 */
export const blueGreenCutover: Scenario = {
  name: "blue-green",
  title: "blue-green cutover",
  description:
    "Green (WordPress v2, sharing blue's database) runs beside blue (v1); blue's own lb moves to an internal port and a " +
    "front lb stack on port 80 points at blue. The front is switched to green and back under continuous traffic: " +
    "failed requests and each switch's duration are judged, and blue must stay intact.",
  services: ["wp_wordpress", "wp_db", "green_wordpress", "front_lb"],
  // No request may fail through either switch, so every probe figure has a zero budget.
  budget: { failedRequests: 0, cutoverMs: 30_000, timeToRecoverMs: 0, longestGapMs: 0, errorRatio: 0, convergenceMs: 120_000, lostPosts: 0 },
  async prepare(ctx) {
    await deployGreen(ctx.lab, ctx.platform, ctx.lab.images.wordpressV2);
    await deployWordPressStack(ctx.lab, ctx.platform, { lbPort: 8080 });
    await ctx.waitForUpdate("wp_lb", ["completed"], 90_000).catch(() => undefined);
    await pointFrontAt(ctx.lab, ctx.platform, "blue");
  },
  async method(ctx) {
    ctx.markT0(ctx.mark("switched to green"));
    await pointFrontAt(ctx.lab, ctx.platform, "green");
    await ctx.waitForUpdate("front_lb", ["completed"], 120_000);
    await ctx.observe({ maxMs: 120_000, settleMs: 3000, what: "only v2 answering", until: () => versionServed(ctx.live(), "v2", ctx.history.t0, Number.POSITIVE_INFINITY).status === "passed" });
    const back = ctx.mark("switched back to blue");
    await pointFrontAt(ctx.lab, ctx.platform, "blue");
    await ctx.waitForUpdate("front_lb", ["completed"], 120_000);
    await ctx.observe({ maxMs: back - ctx.history.t0 + 120_000, settleMs: 3000, what: "only v1 answering again", until: () => versionServed(ctx.live(), "v1", back, Number.POSITIVE_INFINITY).status === "passed" });
  },
  checks(history, budget) {
    const toGreen = history.marks["switched to green"] ?? history.t0;
    const toBlue = history.marks["switched back to blue"] ?? history.windowEnd;
    return [
      failedRequestsBetween(history, toGreen, history.windowEnd, budget.failedRequests, "failed requests during the cutovers"),
      versionServed({ ...history, windowEnd: toBlue }, "v2", toGreen, budget.cutoverMs, "cutover to green"),
      versionServed(history, "v1", toBlue, budget.cutoverMs, "cutover back to blue"),
      serviceIntact(history, ["wp_wordpress", "wp_db"], "blue intact"),
    ];
  },
};
