import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import type { Sabotage } from "./sabotage.ts";
import { quietDocker, serviceSpec } from "./quiet-docker.ts";

/** A node label no host of a lab carries. */
const NOWHERE = "node.labels.firedrill.sabotage==unschedulable";

/**
 * Right after a worker halts, the traffic service gets a placement constraint no node satisfies:
 * the replica Swarm must move (and the one its rolling update replaces) can be placed
 * nowhere. It stays so until the observation ends, so the platform never converges.
 */
export const unschedulableReplica: Sabotage = {
  name: "unschedulable-replica",
  title: "the traffic service constrained to a node label no host has, until observe ends",
  scenario: hostHaltWithHealthChecks,
  expected: "failed",
  caughtBy: { checks: ["convergence"] },
  afterT0Ms: 2000,
  async during(ctx) {
    await quietDocker(ctx.lab, "service", "update", "--detach", "--constraint-add", NOWHERE, ctx.subject.traffic);
  },
  async undo(ctx) {
    if ((await constraints(ctx.lab, ctx.subject.traffic)).includes(NOWHERE)) await quietDocker(ctx.lab, "service", "update", "--detach", "--constraint-rm", NOWHERE, ctx.subject.traffic);
  },
  leftovers: async (lab, subject) => ((await constraints(lab, subject.traffic)).includes(NOWHERE) ? [`${subject.traffic} still constrained to ${NOWHERE}`] : []),
};

async function constraints(lab: Parameters<typeof serviceSpec>[0], service: string): Promise<string[]> {
  return (await serviceSpec(lab, service)).TaskTemplate?.Placement?.Constraints ?? [];
}
