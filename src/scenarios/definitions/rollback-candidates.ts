import type { CheckResult } from "../../checks/check-result.ts";
import { runCheck } from "../../checks/run-check.ts";
import { versionServed } from "../../checks/version-served.ts";
import { violations } from "../../checks/violations.ts";
import { faultKind } from "../../faults/fault-catalog.ts";
import { Fault } from "../../faults/inject-fault.ts";
import type { History, RollbackCandidate } from "../../history/history.ts";
import { HOST_NODE_LABEL } from "../../lab/form-swarm.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import type { Scenario } from "../scenario.ts";
import type { ScenarioContext } from "../scenario-context.ts";
import { updateOutcome } from "./failed-upgrade.ts";

async function inRegistry(lab: StartedLab, image: string): Promise<boolean> {
  // An outer-engine reference (firedrill/<stack>-<image>:tag) names the same repository in the lab registry.
  const [repository, tag] = [image.slice(0, image.lastIndexOf(":")), image.slice(image.lastIndexOf(":") + 1)];
  const response = await lab.registry.fetch(`/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" },
  });
  return response.status === 200;
}

async function cachedOn(lab: StartedLab, image: string): Promise<string[]> {
  const hosts: string[] = [];
  for (const host of lab.hosts) {
    const present = await host
      .engine(5000)
      .getImage(image)
      .inspect()
      .then(() => true, () => false);
    if (present) hosts.push(host.name);
  }
  return hosts;
}

function candidateCheck(history: History, needRegistry: boolean): CheckResult {
  return runCheck("rollback candidate", "count", () => {
    const c = history.facts.rollbackCandidate;
    if (!c) throw new Error("the candidate was never checked");
    const usable = c.usableOn ?? [];
    const reasons = [
      ...(needRegistry && !c.inRegistry ? ["its image is not in the registry"] : []),
      ...(usable.length === 0 ? ["no healthy host has its image cached"] : []),
      ...(c.previousSpecKept === false ? ["the previous service spec was not kept"] : []),
    ];
    const facts = `${c.image}: in registry ${c.inRegistry ? "yes" : "no"}; cached on ${c.cachedOn.join(", ") || "no host"}; usable on ${usable.join(", ") || "no host"}; previous spec kept ${c.previousSpecKept ? "yes" : "no"}`;
    // Measured: the reasons it cannot be rolled back to (the hosts it can run on are in the detail).
    return { ...violations(reasons.length), detail: reasons.length ? `${facts}: cannot roll back: ${reasons.join("; ")}` : facts };
  });
}

function rollbackScenario(name: string, title: string, blockRegistry: boolean): Scenario {
  return {
    name,
    title,
    description:
      "Before an upgrade to the next version, the previous version is checked as a rollback candidate (image in the registry, cached " +
      "on a healthy host, previous service spec kept). The upgrade keeps its tasks off a worker that ran the old ones; that worker " +
      `then has its Docker daemon frozen${blockRegistry ? " and the registry is blocked on every host" : ""}, and the service is rolled back. ` +
      "The rollback must succeed on the hosts that can run the candidate, within budget, or the verdict says why not.",
    needs: ["next version"],
    budget: { errorRatio: 0.02, longestGapMs: 5000, timeToRecoverMs: 30_000, rollbackMs: 90_000, convergenceMs: 120_000, lostItems: 0 },
    judges: ["rollbackMs"],
    async method(ctx: ScenarioContext) {
      const service = ctx.subject.traffic;
      const baseline = ctx.image("baseline");
      const image = ctx.lab.registry.image(baseline);
      const oldHosts = await ctx.hostsRunning(service);
      const candidate: RollbackCandidate = { image, inRegistry: await inRegistry(ctx.lab, baseline), cachedOn: await cachedOn(ctx.lab, image) };
      ctx.fact("rollbackCandidate", { ...candidate });
      ctx.event(`candidate ${image}: in registry ${candidate.inRegistry}, cached on ${candidate.cachedOn.join(", ")}`);

      // The host to freeze is one that ran the old tasks (the rollback must find the previous
      // version elsewhere) and runs none of the new: it is frozen before T0, so an outage
      // there would go unjudged. Freezing a manager or the stateful service's host would
      // freeze what the harness asks and what every version needs: that measures nothing
      // about rolling back.
      const frozenHost = oldHosts.filter((h) => h !== ctx.lab.pinnedHost && !ctx.lab.nodeOf(h).manager).sort()[0];
      if (!frozenHost) throw new Error(`no worker ran the old tasks (they ran on ${oldHosts.join(", ")}): nothing to freeze that the rollback can do without`);
      ctx.fact("targetHost", frozenHost);
      // The upgrade keeps the new tasks off it, in the same spec change as the new image: the
      // spec a rollback returns to is then the baseline's, which has no such constraint.
      // (Left to the scheduler, the new tasks often land where the old ones stopped, and on a
      // three-host lab there is no other worker to freeze.) By the node's host label, which an
      // inventory's machines carry whatever their hostnames.
      await ctx.docker("service", "update", "--detach", "--with-registry-auth", "--image", ctx.lab.registry.image(ctx.image("next")), "--constraint-add", `node.labels.${HOST_NODE_LABEL}!=${frozenHost}`, service);
      await ctx.waitForUpdate(service, ["completed"], 150_000);
      const spec = JSON.parse(await ctx.lab.manager.execOrThrow(["docker", "service", "inspect", service])) as Array<{ PreviousSpec?: { TaskTemplate?: { ContainerSpec?: { Image?: string } } } }>;
      const previous = spec[0]?.PreviousSpec?.TaskTemplate?.ContainerSpec?.Image ?? "";
      candidate.previousSpecKept = previous.startsWith(image);
      ctx.fact("rollbackCandidate", { ...candidate });
      const current = await ctx.hostsRunning(service);
      if (current.includes(frozenHost)) {
        throw new Error(`${frozenHost} runs a task of ${service} after the upgrade that was to keep it free (tasks on ${current.join(", ")}): freezing it would put an outage before T0, where nothing judges it`);
      }
      // The freeze and the block set the scene; what is judged starts with the rollback (T0).
      await ctx.inject(new Fault(faultKind("daemon-freeze"), frozenHost), false);
      if (blockRegistry) {
        for (const host of ctx.lab.hosts.filter((h) => h.name !== frozenHost)) {
          await ctx.inject(new Fault(faultKind("registry-block"), host.name, { mode: "reject" }), false);
        }
      }
      candidate.usableOn = candidate.cachedOn.filter((h) => h !== frozenHost);
      ctx.fact("rollbackCandidate", { ...candidate });
      // Roll back once the platform knows the host is gone, as an operator would; before
      // that, Swarm may place the rollback's tasks on the frozen host and wait on them.
      await ctx.waitForNodeDown(frozenHost, 60_000);
      ctx.markT0(ctx.mark("rollback started"));
      await ctx.docker("service", "rollback", "--detach", service);
      await ctx.waitForUpdate(service, ["rollback_completed", "rollback_paused"], 150_000).catch((e: Error) => ctx.event(e.message));
      await ctx.observe({ maxMs: 180_000, budgets: [["rollbackMs", ctx.history.t0]], settleMs: 5000, what: "recovered and only the previous version answering", until: () => ctx.probeRecovered() && versionServed(ctx.live(), ctx.subject.versions.baseline, ctx.history.marks["rollback started"]!, Number.POSITIVE_INFINITY).status === "passed" });
    },
    checks: (history, budget) => [
      candidateCheck(history, !blockRegistry),
      updateOutcome(history, history.subject.traffic, ["rollback_completed"]),
      versionServed(history, history.subject.versions.baseline, history.marks["rollback started"] ?? history.t0, budget.rollbackMs, "rolled back to the previous version"),
    ],
  };
}

export const rollbackWithFrozenHost = rollbackScenario("rollback-frozen-host", "rollback with the old tasks' host frozen", false);
export const rollbackWithRegistryBlocked = rollbackScenario(
  "rollback-registry-blocked",
  "rollback with the old tasks' host frozen and the registry blocked",
  true,
);
