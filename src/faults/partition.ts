import { evidence, type FaultKind } from "./fault.ts";
import { engineAnswers } from "./host-checks.ts";
import type { Host } from "../lab/host.ts";
import { addRules, removeTaggedRules, removeTaggedRulesScript, taggedRuleCounts, firedrillChain } from "./firewall.ts";
import { peersOf, reaches } from "./peers.ts";

/**
 * The host cut off from the other hosts (or from the managers only) in both
 * directions, while the runner can still reach it: a split network, not a dead host.
 * Swarm's control traffic (2377, 7946) and overlay traffic (VXLAN, 4789/udp) between
 * them all go through the dropped addresses.
 */
export const partition: FaultKind = {
  name: "partition",
  summary: "the host cut off from the other hosts (or the managers) both ways, still reachable by the runner; revert heals",
  disablesHost: true,
  options: [{ name: "from", description: "all: every other host; managers: the managers only", choices: ["all", "managers"], default: "all" }],

  async inject(lab, host, record, acting) {
    const peers = peersOf(lab, host, String(record.options.from));
    acting();
    await addRules(
      host,
      record.id,
      peers.flatMap((p) => [
        ["-I", "INPUT", "-s", p.address, "-j", "DROP"],
        ["-I", "OUTPUT", "-d", p.address, "-j", "DROP"],
      ]),
    );
    const proof = [evidence(`${host.name}: traffic to and from ${peers.map((p) => `${p.name} (${p.address})`).join(", ")} dropped`)];
    for (const peer of peers) {
      if (await reaches(host, peer)) throw new Error(`${host.name} still reaches ${peer.name}`);
      if (await reaches(peer, host)) throw new Error(`${peer.name} still reaches ${host.name}`);
    }
    proof.push(evidence(`${host.name} and ${peers.map((p) => p.name).join(", ")} no longer reach each other (either way)`));
    proof.push(evidence(await rulesCounted(host, record.id)));
    const runner = await engineAnswers(host);
    if (!runner.ok) throw new Error(`the runner lost ${host.name} too: ${runner.detail}`);
    proof.push(evidence(`the runner still reaches ${host.name}: ${runner.detail}`));
    return proof;
  },

  undo: (record) => removeTaggedRulesScript(record.id),

  async revert(lab, record) {
    const host = lab.host(record.host);
    const removed = await removeTaggedRules(host, record.id);
    const peers = peersOf(lab, host, String(record.options.from));
    for (const peer of peers) {
      if (!(await reaches(host, peer)) || !(await reaches(peer, host))) throw new Error(`${host.name} and ${peer.name} still do not reach each other`);
    }
    return {
      actions: removed.map((r) => `removed rule on ${host.name}: ${r}`),
      evidence: [evidence(`${host.name} reaches ${peers.map((p) => p.name).join(", ")} again`)],
    };
  },
};

/**
 * Proof that the failed attempts met the rules rather than timing out for another
 * reason: every DROP rule counted packets (each way was just tried).
 */
async function rulesCounted(host: Host, faultId: string): Promise<string> {
  const counts = await taggedRuleCounts(host, faultId);
  const idle = counts.filter((c) => c.packets === 0);
  if (counts.length === 0) throw new Error(`the partition's rules are not on ${host.name}`);
  if (idle.length > 0) throw new Error(`the peers were not reached, but ${idle.length} rule(s) counted no packet: ${idle.map((c) => c.rule).join("; ")}`);
  const sum = (chain: string) => counts.filter((c) => c.rule.startsWith(`-A ${firedrillChain(chain)} `)).reduce((n, c) => n + c.packets, 0);
  return `${host.name}: the ${counts.length} DROP rules counted ${sum("OUTPUT")} packets out and ${sum("INPUT")} in`;
}
