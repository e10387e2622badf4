import type { Host } from "../lab/host.ts";
import { evidence, type FaultKind } from "./fault.ts";
import { FAULT_BUDGETS } from "./fault-budgets.ts";
import { engineAnswers, waitForEngine } from "./host-checks.ts";
import { processStates } from "./process-states.ts";

const DAEMONS = ["dockerd", "containerd"] as const;

/**
 * The seed's "Docker on host frozen": dockerd and containerd stopped with SIGSTOP while
 * the containers they started keep running (their shims are separate processes). The
 * orchestrator loses the host; the host's workloads do not stop.
 */
export const daemonFreeze: FaultKind = {
  name: "daemon-freeze",
  summary: "dockerd and containerd stopped with SIGSTOP while their containers keep running; revert sends SIGCONT",
  disablesHost: true,
  options: [],

  async inject(_lab, host, _record, acting) {
    // A container whose main process must stay alive through the freeze.
    const containers = await host.engine(5000).listContainers();
    const witness = containers[0];
    const witnessPid = witness ? (await host.engine(5000).getContainer(witness.Id).inspect()).State.Pid : undefined;

    acting();
    await host.sh(DAEMONS.map((d) => `pkill -STOP -x ${d}`).join(" && "));
    const states = await daemonStates(host);
    if (DAEMONS.some((d) => states[d] !== "T")) throw new Error(`daemons not stopped: ${JSON.stringify(states)}`);
    const proof = [evidence(`${host.name}: dockerd ${states.dockerd}, containerd ${states.containerd} (T = stopped)`)];
    const answer = await engineAnswers(host, 1000);
    if (answer.ok) throw new Error(`${host.name}'s engine still answers`);
    proof.push(evidence(`${host.name} engine: ${answer.detail}`));
    if (witness && witnessPid) {
      const state = await processState(host, witnessPid);
      if (state === "T" || state === "gone") throw new Error(`container ${witness.Names[0]} did not keep running (${state})`);
      proof.push(evidence(`container ${witness.Names[0]?.replace(/^\//, "")} (pid ${witnessPid}) still running, state ${state}`));
    }
    return proof;
  },

  // containerd first: dockerd's first act on waking is to talk to it.
  undo: () => "pkill -CONT -x containerd; pkill -CONT -x dockerd; true",

  async revert(lab, record) {
    const host = lab.host(record.host);
    const before = await daemonStates(host);
    // containerd first: dockerd's first act on waking is to talk to it.
    await host.sh([...DAEMONS].reverse().map((d) => `pkill -CONT -x ${d} || true`).join("; "));
    const actions = DAEMONS.filter((d) => before[d] === "T").map((d) => `SIGCONT ${d} on ${host.name}`);
    await waitForEngine(host, FAULT_BUDGETS.thawMs);
    return { actions, evidence: [evidence(`${host.name} engine answers`)] };
  },
};

/** The state letter (R, S, T, ...) of each daemon on the host. */
export async function daemonStates(host: Host): Promise<Record<string, string>> {
  return processStates(await host.execOrThrow(["ps", "-eo", "stat=,comm="]), DAEMONS);
}

async function processState(host: Host, pid: number): Promise<string> {
  const result = await host.exec(["sh", "-c", `awk '/^State:/ {print $2}' /proc/${pid}/status`]);
  return result.exitCode === 0 && result.stdout.trim() ? result.stdout.trim() : "gone";
}
