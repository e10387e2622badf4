import { hostHaltWithoutHealthCheck } from "../../scenarios/definitions/host-halt.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import { sleep } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";
import { quietDocker, serviceSpec } from "./quiet-docker.ts";

const OUTAGE_MS = 20_000;
/** The stack's one database replica: pinned to a labelled host with its volume, one is all there can be. */
const BASELINE_REPLICAS = 1;

/**
 * The stateful service (the database) scaled to nothing for 20 s while a worker is halted
 * (the seed's case, without health checks): the app is up but cannot answer. Unannounced; the data
 * stays on its volume, so availability, not durability, must name it.
 */
export const databaseGone: Sabotage = {
  name: "database-gone",
  title: `the database scaled to 0 for ${OUTAGE_MS / 1000}s, unannounced`,
  scenario: hostHaltWithoutHealthCheck,
  expected: "failed",
  caughtBy: { checks: ["durability", "time to recover", "longest gap", "error ratio", "downtime"] },
  afterT0Ms: 3000,
  async during(ctx) {
    const service = ctx.subject.stateful;
    await scale(ctx.lab, service, 0);
    await sleep(OUTAGE_MS);
    await scale(ctx.lab, service, BASELINE_REPLICAS);
  },
  async undo(ctx) {
    if ((await replicas(ctx.lab, ctx.subject.stateful)) !== BASELINE_REPLICAS) await scale(ctx.lab, ctx.subject.stateful, BASELINE_REPLICAS);
  },
  async leftovers(lab, subject) {
    const n = await replicas(lab, subject.stateful);
    return n === BASELINE_REPLICAS ? [] : [`${subject.stateful} has ${n} replicas, not ${BASELINE_REPLICAS}`];
  },
};

async function scale(lab: StartedLab, service: string, n: number): Promise<void> {
  await quietDocker(lab, "service", "scale", "--detach", `${service}=${n}`);
}

async function replicas(lab: StartedLab, service: string): Promise<number | undefined> {
  return (await serviceSpec(lab, service)).Mode?.Replicated?.Replicas;
}
