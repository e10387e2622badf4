import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { daemonStates } from "./daemon-freeze.ts";
import { RULE_TAG } from "./firewall.ts";
import { findSquatters } from "./port-collision.ts";

/** The state of a host that a fault may change and its revert must restore. */
export interface HostAudit {
  host: string;
  /** running, paused, exited... */
  container: string;
  daemons: Record<string, string>;
  /**
   * The filter table's INPUT and OUTPUT chains (the engine never writes there), any
   * firedrill rule anywhere (the host's tables and its containers' own), and firedrill's
   * delaying proxies still running.
   */
  rules: string[];
  squatters: string[];
  /** A digest of the host's registry login, so a changed login shows without showing it. */
  login: string;
}

/**
 * firedrill's rules in the host's tables and in each running container's own network
 * namespace (where the latency fault puts its REDIRECT), and its delaying proxies. Bounded
 * by timeouts: an engine that does not answer only hides the containers' rules.
 */
const FIREDRILL_LEFTOVERS = [
  `iptables-save | grep -- '${RULE_TAG}'`,
  "for c in $(timeout 10 docker ps -q 2>/dev/null); do",
  "  p=$(timeout 10 docker inspect -f '{{.State.Pid}}' \"$c\" 2>/dev/null) || continue",
  `  nsenter --target "$p" --net iptables-save 2>/dev/null | grep -- '${RULE_TAG}' | sed "s/^/container $c: /"`,
  "done",
  "for p in /proc/[0-9]*; do",
  `  tr '\\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q '^python3 /usr/local/bin/firedrill-delay proxy' && echo "firedrill delaying proxy running: pid \${p#/proc/}"`,
  "done",
  "true",
].join("\n");

export async function auditHost(host: Host): Promise<HostAudit> {
  const state = await host.powerState();
  const audit: HostAudit = { host: host.name, container: state.status, daemons: {}, rules: [], squatters: [], login: "" };
  if (!state.running || state.paused) return audit;
  const [daemons, rules, tagged, login] = await Promise.all([
    daemonStates(host),
    host.execOrThrow(["sh", "-c", "iptables -w -S INPUT; iptables -w -S OUTPUT"]),
    host.execOrThrow(["sh", "-c", FIREDRILL_LEFTOVERS]),
    host.execOrThrow(["sh", "-c", "sha256sum /root/.docker/config.json 2>/dev/null | cut -c1-16 || echo none"]),
  ]);
  audit.daemons = Object.fromEntries(Object.entries(daemons).map(([d, s]) => [d, s === "T" ? "stopped" : "running"]));
  audit.rules = [...new Set([...rules.split("\n"), ...tagged.split("\n")].map((l) => l.trim()).filter(Boolean))].sort();
  // A frozen engine cannot list containers; the squatter processes are still visible.
  audit.squatters = audit.daemons.dockerd === "stopped" ? [] : await findSquatters(host);
  audit.login = login.trim() || "none";
  return audit;
}

export async function auditLab(lab: StartedLab): Promise<HostAudit[]> {
  return Promise.all(lab.hosts.map((h) => auditHost(h)));
}

/** What differs between two audits, one line per difference, named by host and thing. */
export function diffAudits(before: readonly HostAudit[], after: readonly HostAudit[]): string[] {
  const differences: string[] = [];
  for (const b of before) {
    const a = after.find((x) => x.host === b.host);
    if (!a) {
      differences.push(`${b.host}: missing from the second audit`);
      continue;
    }
    if (a.container !== b.container) differences.push(`${b.host}: container ${b.container} -> ${a.container}`);
    for (const daemon of new Set([...Object.keys(b.daemons), ...Object.keys(a.daemons)])) {
      if (a.daemons[daemon] !== b.daemons[daemon]) differences.push(`${b.host}: ${daemon} ${b.daemons[daemon] ?? "absent"} -> ${a.daemons[daemon] ?? "absent"}`);
    }
    for (const rule of a.rules.filter((r) => !b.rules.includes(r))) differences.push(`${b.host}: extra firewall rule: ${rule}`);
    for (const rule of b.rules.filter((r) => !a.rules.includes(r))) differences.push(`${b.host}: missing firewall rule: ${rule}`);
    for (const s of a.squatters.filter((x) => !b.squatters.includes(x))) differences.push(`${b.host}: squatter left: ${s}`);
    if (a.login !== b.login) differences.push(`${b.host}: registry login changed`);
  }
  return differences;
}
