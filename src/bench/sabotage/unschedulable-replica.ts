import { hostHaltWithHealthChecks } from "../../scenarios/definitions/index.ts";
import type { Sabotage } from "./sabotage.ts";
import { quietDocker, serviceSpec } from "./quiet-docker.ts";

const SERVICE = "wp_wordpress";
/** A node label no host of a lab carries. */
const NOWHERE = "node.labels.firedrill.sabotage==unschedulable";

/**
 * Right after a worker halts, WordPress gets a placement constraint no node satisfies:
 * the replica Swarm must move (and the one its rolling update replaces) can be placed
 * nowhere. It stays so until the observation ends, so the platform never converges.
 */
export const unschedulableReplica: Sabotage = {
  name: "unschedulable-replica",
  title: "WordPress constrained to a node label no host has, until observe ends",
  scenario: hostHaltWithHealthChecks,
  expected: "failed",
  caughtBy: { checks: ["convergence"] },
  afterT0Ms: 2000,
  async during(ctx) {
    await quietDocker(ctx.lab, "service", "update", "--detach", "--constraint-add", NOWHERE, SERVICE);
  },
  async undo(ctx) {
    if ((await constraints(ctx.lab)).includes(NOWHERE)) await quietDocker(ctx.lab, "service", "update", "--detach", "--constraint-rm", NOWHERE, SERVICE);
  },
  leftovers: async (lab) => ((await constraints(lab)).includes(NOWHERE) ? [`${SERVICE} still constrained to ${NOWHERE}`] : []),
};

async function constraints(lab: Parameters<typeof serviceSpec>[0]): Promise<string[]> {
  return (await serviceSpec(lab, SERVICE)).TaskTemplate?.Placement?.Constraints ?? [];
}
