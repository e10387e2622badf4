import type { StartedLab } from "../../lab/started-lab.ts";
import { upgradeWithHostDown } from "../../scenarios/definitions/index.ts";
import { labImage } from "../../stack/stack-env.ts";
import { waitFor } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";
import { quietDocker, serviceSpec } from "./quiet-docker.ts";

const SERVICE = "wp_wordpress";
/** A tag the lab registry never has: the task is rejected before it starts. */
const ABSENT = "-absent";

/**
 * Once the scenario's upgrade to v2 is under way, the service is switched to an image
 * no host can pull, with the update set to pause on failure: the upgrade pauses and
 * never completes, which the scenario must judge failed (as the platform not doing its
 * job), not wait on forever nor call broken.
 */
export const stuckUpgrade: Sabotage = {
  name: "stuck-upgrade",
  title: "the upgrade switched to an image that cannot start, paused on failure",
  scenario: upgradeWithHostDown,
  expected: "failed",
  caughtBy: { checks: ["wp_wordpress update outcome", "upgrade complete on reachable hosts", "convergence"] },
  afterT0Ms: 0,
  async during(ctx) {
    const v2 = labImage(ctx.lab.images.wordpressV2);
    // Before the scenario's own deploy lands, a change would be overwritten by it.
    await waitFor({ phase: `sabotage: ${SERVICE} upgrading to v2`, budgetMs: 120_000, intervalMs: 250 }, async () => {
      const image = await imageOf(ctx.lab);
      if (!image.startsWith(v2)) throw new Error(`image ${image}`);
    });
    await quietDocker(ctx.lab, "service", "update", "--detach", "--update-failure-action", "pause", "--image", `${v2}${ABSENT}`, SERVICE);
  },
  async undo(ctx) {
    if ((await leftovers(ctx.lab)).length === 0) return;
    // Back to what the scenario deployed; its restore then takes the lab to the baseline.
    const v2 = labImage(ctx.lab.images.wordpressV2);
    await quietDocker(ctx.lab, "service", "update", "--detach", "--update-failure-action", "rollback", "--image", v2, SERVICE);
  },
  leftovers,
};

async function leftovers(lab: StartedLab): Promise<string[]> {
  const spec = await serviceSpec(lab, SERVICE);
  const left: string[] = [];
  const image = spec.TaskTemplate?.ContainerSpec?.Image ?? "";
  if (image.includes(ABSENT)) left.push(`${SERVICE} runs the image that cannot start (${image})`);
  if (spec.UpdateConfig?.FailureAction === "pause") left.push(`${SERVICE} pauses its updates on failure`);
  return left;
}

async function imageOf(lab: StartedLab): Promise<string> {
  return (await serviceSpec(lab, SERVICE)).TaskTemplate?.ContainerSpec?.Image ?? "none";
}
