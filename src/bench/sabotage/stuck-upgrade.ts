import type { Subject } from "../../history/history.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import { upgradeWithHostDown } from "../../scenarios/definitions/upgrade-host-down.ts";
import { waitFor } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";
import { quietDocker, serviceSpec } from "./quiet-docker.ts";

/** A tag the lab registry never has: the task is rejected before it starts. */
const ABSENT = "-absent";

/**
 * Once the scenario's upgrade to the next version is under way, the service is switched to an image
 * no host can pull, with the update set to pause on failure: the upgrade pauses and
 * never completes, which the scenario must judge failed (as the platform not doing its
 * job), not wait on forever nor call broken.
 */
export const stuckUpgrade: Sabotage = {
  name: "stuck-upgrade",
  title: "the upgrade switched to an image that cannot start, paused on failure",
  scenario: upgradeWithHostDown,
  expected: "failed",
  caughtBy: { checks: ["update outcome", "upgrade complete on reachable hosts", "convergence"] },
  afterT0Ms: 0,
  async during(ctx) {
    const service = ctx.subject.traffic;
    const next = ctx.lab.registry.image(ctx.image("next"));
    // Before the scenario's own deploy lands, a change would be overwritten by it.
    await waitFor({ phase: `sabotage: ${service} upgrading to the next version`, budgetMs: 120_000, intervalMs: 250 }, async () => {
      const image = await imageOf(ctx.lab, service);
      if (!image.startsWith(next)) throw new Error(`image ${image}`);
    });
    await quietDocker(ctx.lab, "service", "update", "--detach", "--update-failure-action", "pause", "--image", `${next}${ABSENT}`, service);
  },
  async undo(ctx) {
    if ((await leftovers(ctx.lab, ctx.subject)).length === 0) return;
    // Back to what the scenario deployed; its restore then takes the lab to the baseline.
    await quietDocker(ctx.lab, "service", "update", "--detach", "--update-failure-action", "rollback", "--image", ctx.lab.registry.image(ctx.image("next")), ctx.subject.traffic);
  },
  leftovers,
};

async function leftovers(lab: StartedLab, subject: Subject): Promise<string[]> {
  const service = subject.traffic;
  const spec = await serviceSpec(lab, service);
  const left: string[] = [];
  const image = spec.TaskTemplate?.ContainerSpec?.Image ?? "";
  if (image.includes(ABSENT)) left.push(`${service} runs the image that cannot start (${image})`);
  if (spec.UpdateConfig?.FailureAction === "pause") left.push(`${service} pauses its updates on failure`);
  return left;
}

async function imageOf(lab: StartedLab, service: string): Promise<string> {
  return (await serviceSpec(lab, service)).TaskTemplate?.ContainerSpec?.Image ?? "none";
}
