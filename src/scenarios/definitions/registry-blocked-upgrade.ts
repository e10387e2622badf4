import { versionServed } from "../../checks/version-served.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import { hostsRunning } from "../../platform/cluster-snapshot.ts";
import type { Scenario } from "../scenario.ts";
import { taskErrors } from "./task-errors.ts";

/**
 * The seed's "agent on host unable to locate image": one host's firewall blocks the
 * registry during a rolling upgrade, on a lab with one replica per host so the
 * rollout has to pass through the blocked host. The platform must keep trying,
 * keep the service available, and, once the registry is reachable, converge.
 */
export const registryBlockedUpgrade: Scenario = {
  name: "registry-blocked-upgrade",
  title: "registry blocked during a rolling upgrade",
  description:
    "A firewall on one host rejects its traffic to the registry while the traffic service is upgraded to the next version, one replica per host, " +
    "with a rollout that keeps trying on failure. " +
    "The service must stay available; after the registry is reachable again everything must converge. " +
    "The pull errors the platform reported are in the report.",
  needs: ["next version"],
  // Convergence runs from the block, so it includes the 40 s the registry stays blocked.
  budget: { errorRatio: 0.01, longestGapMs: 2000, timeToRecoverMs: 15_000, cutoverMs: 120_000, convergenceMs: 160_000, lostItems: 0 },
  judges: ["cutoverMs"],
  async method(ctx) {
    // One v1 replica on every host first (the scheduler gives a new task to the host with
    // the fewest), so the rollout has a slot on the blocked host. Rolled stop-first, each
    // slot's new task goes where its old one stopped: the blocked host must pull v2.
    // (Without this the scheduler sometimes kept the blocked host out of the rollout; with a
    // max of one replica per node instead, start-first deadlocks: no node is free.)
    const hostCount = ctx.lab.hosts.length;
    const service = ctx.subject.traffic;
    await ctx.docker("service", "scale", "--detach", `${service}=${hostCount}`);
    await ctx.waitUntil(`${service} on all ${hostCount} hosts`, 60_000, (snapshot) => {
      const hosts = hostsRunning(snapshot, service);
      return new Set(hosts).size === hostCount && hosts.length === hostCount ? true : `running on ${hosts.join(", ") || "no host"}`;
    });
    // A worker: the manager's own CLI resolves image digests from the registry when it
    // deploys, so blocking the manager would hang the deploy rather than the rollout.
    const host = await ctx.workerRunning(service);
    ctx.fact("targetHost", host);
    // The host must need the registry: a new version it already has (from an earlier run
    // on this lab) would start from its cache and the block would go unnoticed.
    // Swarm pulls by digest, which leaves the image without its tag: every image of the
    // repository that no container uses is removed, whatever it is called.
    const v2 = ctx.lab.registry.image(ctx.image("next"));
    const repo = v2.slice(0, v2.lastIndexOf(":"));
    const engine = ctx.lab.host(host).engine(20_000);
    // Forced, because exited tasks kept in the service's history still refer to them; an
    // image a running container uses is kept by the engine even so (that is v1, not v2).
    const ofRepo = async () =>
      (await engine.listImages()).filter((image) => [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])].some((n) => n.startsWith(`${repo}:`) || n.startsWith(`${repo}@`)));
    for (const image of await ofRepo()) await engine.getImage(image.Id).remove({ force: true }).catch(() => undefined);
    const inUse = new Set((await engine.listContainers()).map((c) => c.ImageID));
    const cached = (await ofRepo()).filter((image) => !inUse.has(image.Id));
    if (cached.length > 0) throw new Error(`${host} keeps ${repo} images it could start v2 from: ${cached.map((i) => i.Id.slice(7, 19)).join(", ")}`);
    // Rejected rather than dropped: the engine's pull fails at once and Swarm reports it;
    // a dropped connection would leave the task "preparing" through the engine's retries.
    const block = await ctx.inject(new Fault(faultKind("registry-block"), host, { mode: "reject" }));
    const upgradeStarted = ctx.mark("upgrade started");
    // Failure action "continue" is a rollout that keeps trying rather than giving up.
    await ctx.docker(
      "service", "update", "--detach", "--with-registry-auth",
      "--image", v2,
      "--update-order", "stop-first",
      "--update-failure-action", "continue",
      service,
    );
    // Long enough for the platform to run into the block and retry a few times.
    await ctx.hold(40_000, "the registry stays blocked while the platform runs into it");
    await ctx.revert(block);
    ctx.mark("registry reachable");
    await ctx.observe({
      what: "recovered, converged and only the next version answering",
      maxMs: Date.now() - ctx.history.t0 + 150_000,
      budgets: [["cutoverMs", upgradeStarted]],
      settleMs: 5000,
      until: () => ctx.probeRecovered() && ctx.converged() && versionServed(ctx.live(), ctx.subject.versions.next!, upgradeStarted, Number.POSITIVE_INFINITY).status === "passed",
    });
  },
  checks: (history, budget) => [
    taskErrors(history, history.subject.traffic, /pull|manifest|No such image|registry|timeout/i, "pull errors"),
    versionServed(history, history.subject.versions.next!, history.marks["upgrade started"] ?? history.t0, budget.cutoverMs, "upgrade converged after the registry came back"),
  ],
};
