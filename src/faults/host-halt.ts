import { evidence, type Evidence, type FaultKind } from "./fault.ts";
import { engineAnswers, hasOtherManager, waitForEngine, waitForNodeState } from "./host-checks.ts";

/**
 * The host goes away as a machine would: `stop` shuts it down (SIGTERM to its init,
 * like `vagrant halt`), `kill` pulls the plug. Reverting starts it again; it rejoins
 * the Swarm by itself, as a rebooted machine does.
 */
export const hostHalt: FaultKind = {
  name: "host-halt",
  summary: "the host goes away like a halted machine; revert starts it and it rejoins the Swarm",
  disablesHost: true,
  options: [{ name: "mode", description: "stop: graceful shutdown; kill: power cut", choices: ["stop", "kill"], default: "stop" }],

  async inject(lab, host, record) {
    if (record.options.mode === "kill") await host.kill();
    else await host.stop(10);
    const proof: Evidence[] = [];
    const state = (await host.inspect()).State;
    if (state.Running) throw new Error(`${host.name} is still running after ${record.options.mode}`);
    proof.push(evidence(`${host.name} container ${state.Status} (exit ${state.ExitCode})`));
    const answer = await engineAnswers(host);
    if (answer.ok) throw new Error(`${host.name}'s engine still answers`);
    proof.push(evidence(`${host.name} engine: ${answer.detail}`));
    if (hasOtherManager(lab, host.name)) {
      const ms = await waitForNodeState(lab, host.name, "down", 60_000);
      proof.push(evidence(`manager ${lab.manager.name} sees ${host.name} down after ${(ms / 1000).toFixed(1)}s`));
    }
    return proof;
  },

  async revert(lab, record) {
    const host = lab.host(record.host);
    const actions: string[] = [];
    const state = (await host.inspect()).State;
    if (!state.Running) {
      await host.start();
      actions.push(`started ${host.name}`);
    } else {
      await host.refresh();
    }
    await waitForEngine(host, 60_000);
    const proof = [evidence(`${host.name} engine answers`)];
    if (hasOtherManager(lab, host.name)) {
      const ms = await waitForNodeState(lab, host.name, "ready", 90_000);
      proof.push(evidence(`manager sees ${host.name} ready again after ${(ms / 1000).toFixed(1)}s`));
    }
    return { actions, evidence: proof };
  },
};
