import type { Host } from "../lab/host.ts";
import { evidence, type FaultKind } from "./fault.ts";
import { addRules, removeTaggedRules, removeTaggedRulesScript } from "./firewall.ts";
import { lossTolerance, oneWayLoss } from "./one-way-loss.ts";
import { peersOf } from "./peers.ts";

const PINGS = 400;

/**
 * A share of the packets between the host and the other hosts dropped at random, each
 * way (iptables' statistic match: this kernel has no netem). Proven by measuring: a
 * round trip survives with probability (1 - share)², so the one-way share is read back
 * from the measured round-trip loss.
 */
export const packetLoss: FaultKind = {
  name: "packet-loss",
  summary: "a share of packets between the host and the other hosts dropped at random, each way; revert removes the rules",
  disablesHost: false,
  options: [{ name: "share", description: "the share of packets dropped each way (0.01 to 0.9)", range: [0.01, 0.9], default: 0.3 }],

  async inject(lab, host, record, acting) {
    const share = Number(record.options.share);
    const peers = peersOf(lab, host, "all");
    const random = ["-m", "statistic", "--mode", "random", "--probability", share.toFixed(4), "-j", "DROP"];
    acting();
    await addRules(
      host,
      record.id,
      peers.flatMap((p) => [
        ["-I", "INPUT", "-s", p.address, ...random],
        ["-I", "OUTPUT", "-d", p.address, ...random],
      ]),
    );
    const proof = [evidence(`${host.name}: ${(share * 100).toFixed(0)}% of packets to and from ${peers.map((p) => p.name).join(", ")} dropped`)];
    const measured = await measureOneWayLoss(host, peers[0]!);
    const tolerance = lossTolerance(share, PINGS);
    if (Math.abs(measured - share) > tolerance) {
      throw new Error(`measured ${(measured * 100).toFixed(1)}% loss each way, asked ${(share * 100).toFixed(0)}% (tolerance ${(tolerance * 100).toFixed(1)} points)`);
    }
    proof.push(evidence(`measured ${(measured * 100).toFixed(1)}% loss each way to ${peers[0]!.name} over ${PINGS} pings (asked ${(share * 100).toFixed(0)}%)`));
    return proof;
  },

  undo: (record) => removeTaggedRulesScript(record.id),

  async revert(lab, record) {
    const host = lab.host(record.host);
    const removed = await removeTaggedRules(host, record.id);
    const peer = peersOf(lab, host, "all")[0]!;
    const measured = await measureOneWayLoss(host, peer, 100);
    if (measured > 0.05) throw new Error(`${host.name} still loses ${(measured * 100).toFixed(0)}% of packets to ${peer.name}`);
    return {
      actions: removed.map((r) => `removed rule on ${host.name}: ${r}`),
      evidence: [evidence(`${host.name} to ${peer.name}: ${(measured * 100).toFixed(1)}% loss`)],
    };
  },
};

/** One-way loss to `peer`, from the round-trip loss of a burst of pings. */
export async function measureOneWayLoss(host: Host, peer: Host, count = PINGS): Promise<number> {
  const result = await host.exec(["ping", "-q", "-n", "-c", String(count), "-i", "0.005", "-W", "1", peer.address], { timeoutMs: 60_000 });
  const loss = oneWayLoss(result.stdout);
  if (loss === undefined) throw new Error(`ping from ${host.name} gave no summary: ${(result.stderr || result.stdout).trim()}`);
  return loss;
}
