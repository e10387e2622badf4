import { evidence, type FaultKind } from "./fault.ts";
import { FAULT_BUDGETS } from "./fault-budgets.ts";
import { engineAnswers, waitForEngine } from "./host-checks.ts";

/**
 * Every process on the host frozen at once (the cgroup freezer, `docker pause`). The
 * host's own containers sit in cgroups nested under the host's, so they freeze too:
 * nothing on the machine runs, yet nothing has crashed.
 */
export const hostPause: FaultKind = {
  name: "host-pause",
  summary: "every process on the host frozen (cgroup freezer); revert thaws it",
  disablesHost: true,
  needsDrillLab: "it freezes a lab container's cgroup; a machine has no such switch",
  options: [],

  async inject(_lab, host, _record, acting) {
    acting();
    await host.pause();
    const state = await host.powerState();
    if (!state.paused) throw new Error(`${host.name} is not paused (${state.status})`);
    const proof = [evidence(`${host.name} container paused`)];
    const answer = await engineAnswers(host, 1000);
    if (answer.ok) throw new Error(`${host.name}'s engine still answers while paused`);
    proof.push(evidence(`${host.name} engine: ${answer.detail}`));
    return proof;
  },

  async revert(lab, record) {
    const host = lab.host(record.host);
    const actions: string[] = [];
    if ((await host.powerState()).paused) {
      await host.unpause();
      actions.push(`thawed ${host.name}`);
    }
    await waitForEngine(host, FAULT_BUDGETS.thawMs);
    return { actions, evidence: [evidence(`${host.name} engine answers`)] };
  },
};
