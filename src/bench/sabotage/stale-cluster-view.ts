import { ENGINE_PORT } from "../../lab/lab-container-binding.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import { sleep } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";

const BLIND_MS = 48_000;
/** Carried by the rule, so that its undo and the leftovers check find it and nothing else. */
const TAG = "firedrill-sabotage-stale-view";

/**
 * From T0+2s the manager's engine stops answering the runner (its API port drops what
 * arrives) for 48 s, past host-halt's 45 s convergence budget, while Swarm moves the
 * halted host's task; the cluster itself, and the docker CLI on the manager, go on as
 * before. The harness sees the platform converge only when the view comes back, after the
 * budget: whether it converged in time is unknown, never passed and never failed.
 */
export const staleClusterView: Sabotage = {
  name: "stale-cluster-view",
  title: `the manager's engine API unanswering for ${BLIND_MS / 1000}s while the platform converges`,
  scenario: hostHaltWithHealthChecks,
  expected: "broken",
  caughtBy: { reason: /cluster|view/ },
  afterT0Ms: 2000,
  async during(ctx) {
    await rule(ctx.lab, "-I");
    await sleep(BLIND_MS);
    await rule(ctx.lab, "-D");
  },
  async undo(ctx) {
    while ((await rules(ctx.lab)).length > 0) await rule(ctx.lab, "-D");
  },
  leftovers: async (lab) => (await rules(lab)).map((r) => `on ${lab.manager.name}: ${r}`),
};

function rule(lab: StartedLab, action: "-I" | "-D"): Promise<string> {
  return lab.manager.execOrThrow(["iptables", "-w", action, "INPUT", "-p", "tcp", "--dport", String(ENGINE_PORT), "-m", "comment", "--comment", TAG, "-j", "DROP"]);
}

async function rules(lab: StartedLab): Promise<string[]> {
  return (await lab.manager.execOrThrow(["iptables", "-w", "-S", "INPUT"])).split("\n").filter((l) => l.includes(TAG));
}
