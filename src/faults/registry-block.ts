import { waitFor } from "../util/wait-for.ts";
import { evidence, type FaultKind } from "./fault.ts";
import { addRules, removeTaggedRules, removeTaggedRulesScript, taggedRuleCounts } from "./firewall.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { FAULT_BUDGETS } from "./fault-budgets.ts";
import { engineAnswers } from "./host-checks.ts";
import { registryEndpoint, tryPull } from "./registry-pull.ts";

/**
 * A firewall between one host and the registry (a security group or proxy rule gone
 * wrong): the host's traffic to the registry is dropped (it hangs) or rejected (it
 * fails fast). The rules carry the fault's id and only they are removed on revert. Proven
 * on the host: a pull there fails, the rule's packet counter shows the pull's packets met
 * it, and another host pulls the same image (so the registry itself is fine).
 */
export const registryBlock: FaultKind = {
  name: "registry-block",
  summary: "a firewall rule on the host drops (or rejects) its traffic to the registry; revert removes exactly that rule",
  disablesHost: false,
  needsDrillLab: "it blocks the run's registry, which only a drill puts on an inventory (inject it in a drill: registry-blocked-upgrade)",
  options: [{ name: "mode", description: "drop: connections hang; reject: refused at once", choices: ["drop", "reject"], default: "drop" }],

  async inject(lab, host, record, acting) {
    const { ip, port } = await registryEndpoint(lab, host);
    const target = record.options.mode === "reject" ? ["-j", "REJECT", "--reject-with", "tcp-reset"] : ["-j", "DROP"];
    acting();
    // The registry's address as dialled, and, for a registry published on this very host
    // (an inventory's first manager), the connection's original destination: the engine's
    // DNAT has rewritten the packet's own to the registry container's address by then.
    await addRules(host, record.id, [
      ["-A", "OUTPUT", "-p", "tcp", "-d", ip, "--dport", port, ...target],
      // Only the connection's own direction: the RST that REJECT sends back belongs to the
      // same connection, and matching it too would drop it (a reject would hang like a drop).
      ["-A", "OUTPUT", "-p", "tcp", "-m", "conntrack", "--ctdir", "ORIGINAL", "--ctorigdst", ip, "--ctorigdstport", port, ...target],
    ]);
    const proof = [evidence(`${host.name}: ${record.options.mode} rule for ${ip}:${port} in FIREDRILL-OUTPUT (jumped to from OUTPUT)`)];
    const before = await countedPackets(host, record.id);
    const blocked = await tryPull(lab, host, 5000);
    if (blocked.ok) throw new Error(`the pull still works: ${blocked.detail}`);
    proof.push(evidence(blocked.detail));
    proof.push(evidence(await ruleCountedPull(host, record.id, `${ip}:${port}`, before)));
    proof.push(evidence(await registryWorksElsewhere(lab, host.name)));
    return proof;
  },

  undo: (record) => removeTaggedRulesScript(record.id),

  async revert(lab, record) {
    const host = lab.host(record.host);
    const removed = await removeTaggedRules(host, record.id);
    let last = "";
    await waitFor({ phase: `${host.name}: registry reachable again`, budgetMs: FAULT_BUDGETS.registryBackMs, intervalMs: 1000 }, async () => {
      const pulled = await tryPull(lab, host, 10_000);
      last = pulled.detail;
      if (!pulled.ok) throw new Error(pulled.detail);
    });
    return { actions: removed.map((r) => `removed rule on ${host.name}: ${r}`), evidence: [evidence(last)] };
  },
};

/**
 * Proof that the failed pull met the rule: its packet counter rose while the pull ran. A
 * pull that only timed out on the client could have hung for any reason (a slow registry,
 * a stuck engine); a dropped packet leaves no answer to time, but the rule counts it.
 */
async function ruleCountedPull(host: Host, faultId: string, what: string, before: { packets: number; bytes: number }): Promise<string> {
  const after = await countedPackets(host, faultId);
  const packets = after.packets - before.packets;
  if (packets <= 0) throw new Error(`the pull failed, but the rule for ${what} counted no packet of it: something else stopped it`);
  return `${host.name}: the rule for ${what} counted ${packets} packets (${after.bytes - before.bytes} bytes) during the failed pull`;
}

/** The summed counters of the fault's rules; none left means the rule is gone, which proves nothing. */
async function countedPackets(host: Host, faultId: string): Promise<{ packets: number; bytes: number }> {
  const counts = await taggedRuleCounts(host, faultId);
  if (counts.length === 0) throw new Error(`the rule of ${faultId} is not on ${host.name}`);
  return { packets: counts.reduce((sum, c) => sum + c.packets, 0), bytes: counts.reduce((sum, c) => sum + c.bytes, 0) };
}

/**
 * Proof that the registry itself works, so the failed pull is the block's doing: another
 * host pulls the same image. Hosts that are down or blocked by another fault are passed
 * over; if none is left, the runner asks the registry directly.
 */
async function registryWorksElsewhere(lab: StartedLab, blocked: string): Promise<string> {
  const failures: string[] = [];
  for (const other of lab.hosts.filter((h) => h.name !== blocked)) {
    if (!(await engineAnswers(other)).ok) continue;
    const pulled = await tryPull(lab, other, 10_000);
    if (pulled.ok) return pulled.detail;
    failures.push(pulled.detail);
  }
  const response = await lab.registry.fetch("/v2/", { signal: AbortSignal.timeout(5000) }).catch(
    (e: Error) => ({ status: 0, statusText: e.message }),
  );
  if (response.status !== 200) {
    throw new Error(`the registry itself does not answer (${response.status} ${response.statusText}), not just from ${blocked}${failures.length ? `; ${failures.join("; ")}` : ""}`);
  }
  return `no other host could pull (${failures.length ? failures.join("; ") : "all down"}), but the registry answers the runner`;
}
