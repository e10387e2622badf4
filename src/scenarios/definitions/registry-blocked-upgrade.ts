import { versionServed } from "../../checks/version-served.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import { labImage } from "../../stack/stack-env.ts";
import type { Scenario } from "../scenario.ts";
import { taskErrors } from "./task-errors.ts";

/**
 * The seed's "agent on host unable to locate image": one host's firewall blocks the
 * registry during a rolling upgrade. The blocked host is a worker, preferably one without
 * a WordPress task, where the scheduler places the first new task. The platform must keep trying,
 * keep the service available, and, once the registry is reachable, converge.
 */
export const registryBlockedUpgrade: Scenario = {
  name: "registry-blocked-upgrade",
  title: "registry blocked during a rolling upgrade",
  description:
    "A firewall on one host rejects its traffic to the registry while WordPress is upgraded to v2, one replica per host, " +
    "with a rollout that keeps trying on failure. " +
    "The service must stay available; after the registry is reachable again everything must converge. " +
    "The pull errors the platform reported are in the report.",
  services: ["wordpress", "lb", "db"],
  budget: { errorRatio: 0.01, longestGapMs: 2000, cutoverMs: 120_000, lostPosts: 0 },
  async method(ctx) {
    // A worker: the manager's own CLI resolves image digests from the registry when it
    // deploys, so blocking the manager would hang the deploy rather than the rollout.
    const running = new Set(await ctx.hostsRunning("wp_wordpress"));
    const workers = ctx.lab.hosts.map((h) => h.name).filter((h) => !ctx.lab.nodeOf(h).manager);
    const host = workers.find((h) => !running.has(h)) ?? (await ctx.workerRunning("wp_wordpress"));
    ctx.history.facts.blockedHost = host;
    // The host must need the registry: a new version it already has (from an earlier run
    // on this lab) would start from its cache and the block would go unnoticed.
    const v2 = labImage(ctx.lab.images.wordpressV2);
    await ctx.lab.host(host).engine(20_000).getImage(v2).remove({ force: true }).catch(() => undefined);
    // Rejected rather than dropped: the engine's pull fails at once and Swarm reports it;
    // a dropped connection would leave the task "preparing" through the engine's retries.
    const block = await ctx.inject(new Fault(faultKind("registry-block"), host, { mode: "reject" }));
    ctx.mark("upgrade started");
    // One replica per host, so the blocked host must run (and pull) the new version too;
    // failure action "continue" is a rollout that keeps trying rather than giving up.
    await ctx.docker(
      "service", "update", "--detach", "--with-registry-auth",
      "--image", v2,
      "--replicas", String(ctx.lab.hosts.length),
      "--update-failure-action", "continue",
      "wp_wordpress",
    );
    // Long enough for the platform to run into the block and retry a few times.
    await ctx.observe({ maxMs: 40_000, settleMs: 0, until: () => false });
    await ctx.revert(block);
    ctx.mark("registry reachable");
    await ctx.observe({
      maxMs: Date.now() - ctx.history.t0 + 150_000,
      settleMs: 5000,
      until: () => ctx.probeRecovered() && ctx.converged() && versionServed(ctx.live(), "v2", ctx.history.marks["upgrade started"]!, Number.POSITIVE_INFINITY).status === "passed",
    });
  },
  checks: (history, budget) => [
    taskErrors(history, "wp_wordpress", /pull|manifest|No such image|registry|timeout/i, "pull errors"),
    versionServed(history, "v2", history.marks["upgrade started"] ?? history.t0, budget.cutoverMs, "upgrade converged after the registry came back"),
  ],
};
