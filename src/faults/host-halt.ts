import { evidence, type Evidence, type FaultKind } from "./fault.ts";
import { FAULT_BUDGETS } from "./fault-budgets.ts";
import { engineAnswers, nodeState, otherManager, waitForEngine } from "./host-checks.ts";
import { waitForRejoin } from "./node-rejoin.ts";

/**
 * The host goes away as a machine would: `stop` shuts it down (SIGTERM to its init,
 * like `vagrant halt`), `kill` pulls the plug. Reverting starts it again; it rejoins
 * the Swarm by itself, as a rebooted machine does.
 *
 * Proven on the host alone (the container is down, its engine refuses): the manager
 * marking the node down is what the scenario judges, so it is never part of the proof.
 * The node rejoining after the revert is the platform's part too: when it does not,
 * the revert raises NODE_NOT_REJOINED (failed), not a harness error.
 */
export const hostHalt: FaultKind = {
  name: "host-halt",
  summary: "the host goes away like a halted machine; revert starts it and it rejoins the Swarm",
  disablesHost: true,
  options: [{ name: "mode", description: "stop: graceful shutdown; kill: power cut", choices: ["stop", "kill"], default: "stop" }],

  async inject(_lab, host, record, acting) {
    acting();
    if (record.options.mode === "kill") await host.kill();
    else await host.stop(10);
    const proof: Evidence[] = [];
    const state = await host.powerState();
    if (state.running) throw new Error(`${host.name} is still running after ${record.options.mode}`);
    proof.push(evidence(`${host.name} ${host.binding.describe}: ${state.status}`));
    const answer = await engineAnswers(host);
    if (answer.ok) throw new Error(`${host.name}'s engine still answers`);
    proof.push(evidence(`${host.name} engine: ${answer.detail}`));
    return proof;
  },

  async revert(lab, record) {
    const host = lab.host(record.host);
    const actions: string[] = [];
    const state = await host.powerState();
    if (!state.running) {
      await host.start();
      actions.push(`started ${host.name}`);
    } else {
      await host.refresh();
    }
    await waitForEngine(host, FAULT_BUDGETS.engineBackMs);
    const proof = [evidence(`${host.name} engine answers`)];
    const manager = otherManager(lab, host.name);
    if (manager) {
      const ms = await waitForRejoin(() => nodeState(manager, host.name), host.name, FAULT_BUDGETS.rejoinMs, `manager ${manager.name}`);
      proof.push(evidence(`manager ${manager.name} sees ${host.name} ready again after ${(ms / 1000).toFixed(1)}s`));
    }
    return { actions, evidence: proof };
  },
};
