import { AGENT_PORT } from "../agent/start-agent.ts";
import { inputError } from "../errors/firedrill-error.ts";
import { ENGINE_PORT, HTTP_PORT, type Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { evidence, type Evidence, type FaultKind, type FaultRecord } from "./fault.ts";
import { ruleTag } from "./firewall.ts";
import { peersOf } from "./peers.ts";

/** Connections timed for the proof, before, during and after. */
const PROBES = 7;
const DELAY_PROGRAM = "/usr/local/bin/firedrill-delay";

/**
 * A host's ports a host-wide delay leaves alone: SSH, its engine, Swarm's control plane
 * and gossip, and the agent. Slowing them would slow the drill's own hands, not the
 * service (and Swarm's heartbeats are a different fault: a partition).
 */
const CONTROL_PORTS = [22, ENGINE_PORT, 2377, AGENT_PORT, 7946];

/** The port the fault's proxy listens on in the target's namespace: from its id, so the undo script can name the rule without asking anyone. */
export function proxyPort(faultId: string): number {
  let hash = 0;
  for (const c of faultId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return 39_000 + (hash % 1000);
}

/** Which incoming TCP the fault takes: one port, every port of a task but the proxy's, or a host's every port but its control ports. */
function portMatch(record: FaultRecord): string[] {
  const listen = proxyPort(record.id);
  const port = Number(record.options.port ?? 0);
  return port > 0 ? ["--dport", String(port)] : record.options.to ? ["!", "--dport", String(listen)] : ["-m", "multiport", "!", "--dports", [...CONTROL_PORTS, listen].join(",")];
}

/** The REDIRECT rule's specification (after -I/-D PREROUTING in the nat table), tagged with the fault. */
export function redirectRule(record: FaultRecord): string[] {
  return ["-p", "tcp", ...portMatch(record), "-m", "comment", "--comment", ruleTag(record.id), "-j", "REDIRECT", "--to-ports", String(proxyPort(record.id))];
}

/**
 * The rule (after -I/-D INPUT in the filter table) that resets, once, the connections that
 * were already open when the delay began: a REDIRECT takes only new connections, and an
 * app that pools its database connections would otherwise never feel the delay. A reset
 * connection is opened again, through the proxy. Redirected connections arrive at the
 * proxy's port and are never matched.
 */
export function resetRule(record: FaultRecord): string[] {
  // Not on loopback: the proxy's own connection to the server arrives there, and is new.
  return ["!", "-i", "lo", "-p", "tcp", ...portMatch(record), "-m", "conntrack", "--ctstate", "ESTABLISHED", "--ctdir", "ORIGINAL", "-m", "comment", "--comment", ruleTag(record.id), "-j", "REJECT", "--reject-with", "tcp-reset"];
}

/** What `before` measured, by fault: the revert is judged against it (a port slow on its own is not a delay left behind). */
const baselines = new Map<string, number>();

/**
 * Slower answers from a service or a host's port, without netem (this kernel has none): a
 * delaying proxy of the host agent runs in the target's network namespace (the service's
 * task on that host, or the host itself), and a tagged `iptables -t nat ... REDIRECT`
 * sends the target's incoming TCP connections to it; it forwards each to where it was
 * going and holds every answer back by --ms (+- --jitter). Proven by timing connections
 * to the target before and during (time to the server's first byte), reverted by removing
 * the rule and stopping the proxy, and timed again.
 */
export const latency: FaultKind = {
  name: "latency",
  summary: "answers held back by --ms: from the host's ports (its lb, its published services), or from a service's task on it (--to); revert removes the rule and the proxy",
  disablesHost: false,
  options: [
    { name: "ms", description: "the delay added to every answer, in ms", range: [1, 10_000], default: 200 },
    { name: "jitter", description: "a random part, +- this many ms", range: [0, 5000], default: 0 },
    { name: "to", description: "the service whose task on the host is slowed (its stack name, e.g. db, or its Swarm name)", default: "" },
    { name: "port", description: "only connections to this port (0: every port but the host's engine, agent, SSH and Swarm control ports)", range: [0, 65_535], default: 0 },
  ],

  validateOptions(options) {
    // It is matched in the undo's shell script: a name, never anything the shell would read.
    if (!/^([a-zA-Z0-9][a-zA-Z0-9_.-]*)?$/.test(String(options.to))) {
      throw inputError("FAULT_OPTION_INVALID", `latency: to = "${options.to}" is not a service name`, "Give the service's name in the stack (db) or its Swarm name (wp_db).");
    }
  },

  async inject(lab, host, record, acting) {
    const ms = Number(record.options.ms);
    const jitter = Number(record.options.jitter);
    const target = await targetOf(lab, host, record);
    const before = await timeFirstByte(target);
    baselines.set(record.id, median(before));
    acting();
    // The proxy first: a rule that sent connections to a port nobody listens on would refuse them.
    await startProxy(host, target.pid, record);
    const inTarget = ["nsenter", "--target", String(target.pid), "--net", "iptables", "-w"];
    await host.execOrThrow([...inTarget, "-t", "nat", "-I", "PREROUTING", "1", ...redirectRule(record)]);
    await host.execOrThrow([...inTarget, "-I", "INPUT", "1", ...resetRule(record)]);
    const proof: Evidence[] = [evidence(`${target.what}: answers held back ${ms}ms${jitter ? ` +- ${jitter}ms` : ""} (REDIRECT to a delaying proxy on port ${proxyPort(record.id)})`)];
    const during = await timeFirstByte(target);
    const added = median(during) - median(before);
    proof.push(evidence(`time to first byte of ${target.address}:${target.port} from ${target.from.name}: median ${fmt(median(before))} before, ${fmt(median(during))} with the fault (${PROBES} connections each; asked +${ms}ms)`));
    if (!(added >= ms * 0.8 - jitter)) throw new Error(`the delay is not in effect: ${target.what} answered in ${fmt(median(during))}, ${fmt(added)} more than before (asked ${ms}ms)`);
    return proof;
  },

  undo: (record) => undoScript(record),

  async revert(lab, record) {
    const host = lab.host(record.host);
    const target = await targetOf(lab, host, record).catch(() => undefined);
    const result = await host.execOrThrow(["sh", "-c", undoScript(record)]);
    const actions = result.trim() ? result.trim().split("\n") : [`nothing of ${record.id} left on ${host.name}`];
    if (!target) return { actions, evidence: [evidence(`${record.options.to || "the port"} is gone from ${host.name}: nothing to time`)] };
    const after = await timeFirstByte(target);
    const ms = Number(record.options.ms);
    const baseline = baselines.get(record.id) ?? 0;
    baselines.delete(record.id);
    if (median(after) - baseline > ms / 2) throw new Error(`${target.what} still answers in ${fmt(median(after))} after the revert (${fmt(baseline)} before the fault)`);
    return { actions, evidence: [evidence(`time to first byte of ${target.address}:${target.port} from ${target.from.name}: median ${fmt(median(after))} after the revert`)] };
  },
};

interface Target {
  what: string;
  /** A process in the namespace that is slowed: the task's, or the host's init. */
  pid: number;
  /** Where the proof connects, and from which host's namespace (its traffic must arrive from outside). */
  address: string;
  port: number;
  from: Host;
}

async function targetOf(lab: StartedLab, host: Host, record: FaultRecord): Promise<Target> {
  const to = String(record.options.to ?? "");
  const port = Number(record.options.port ?? 0);
  if (!to) {
    // Timed from another host: a host's connections to itself never pass its PREROUTING.
    const peer = peersOf(lab, host, "all")[0];
    if (!peer) throw new Error(`${host.name} has no other host to time its ports from: slow a service on it instead (--to SERVICE)`);
    return { what: port ? `${host.name} port ${port}` : `${host.name}'s services`, pid: 1, address: host.address, port: port || HTTP_PORT, from: peer };
  }
  const engine = host.engine(10_000);
  const tasks = (await engine.listContainers({ filters: { label: ["com.docker.swarm.service.name"] } })).filter((c) => {
    const service = c.Labels["com.docker.swarm.service.name"] ?? "";
    return service === to || service.endsWith(`_${to}`);
  });
  if (tasks.length === 0) throw new Error(`no task of ${to} runs on ${host.name}`);
  const info = await engine.getContainer(tasks[0]!.Id).inspect();
  const gateway = await engine.getNetwork("docker_gwbridge").inspect();
  const address = String(gateway.Containers?.[info.Id]?.IPv4Address ?? "").split("/")[0];
  if (!address) throw new Error(`${to}'s task on ${host.name} has no address on docker_gwbridge to time it through`);
  const exposed = Object.keys(info.Config.ExposedPorts ?? {}).filter((p) => p.endsWith("/tcp")).map((p) => Number(p.split("/")[0]));
  const timed = port || exposed.sort((a, b) => a - b)[0];
  if (!timed) throw new Error(`${to}'s image exposes no TCP port to time: give --port`);
  return { what: `${to} on ${host.name}${port ? ` port ${port}` : ""}`, pid: info.State.Pid, address, port: timed, from: host };
}

async function startProxy(host: Host, pid: number, record: FaultRecord): Promise<void> {
  const args = [DELAY_PROGRAM, "proxy", record.id, String(proxyPort(record.id)), String(record.options.ms), String(record.options.jitter)];
  const log = `/tmp/firedrill-delay-${record.id}.log`;
  await host.execOrThrow(["sh", "-c", `nsenter --target ${pid} --net setsid python3 ${args.join(" ")} >${log} 2>&1 </dev/null & sleep 0.3; for i in $(seq 50); do grep -q delaying ${log} && exit 0; sleep 0.1; done; cat ${log}; exit 1`], { inAgent: true });
}

/**
 * Undoes the fault from the record alone (the agent runs it when the runner is gone): the
 * rules in every namespace they can be in (the service's tasks on the host, the fault's
 * proxies', the host's own), then the proxies. A proxy that died, or an agent restarted,
 * leaves its rules findable through the tasks. Exits 1 when a rule is still there, so the
 * agent keeps the fault and tries again.
 */
export function undoScript(record: FaultRecord): string {
  const quote = (args: string[]) => args.map((a) => `'${a}'`).join(" ");
  const tag = ruleTag(record.id);
  const to = String(record.options.to ?? "");
  const proxies = `for p in /proc/[0-9]*; do tr '\\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q "^python3 ${DELAY_PROGRAM} proxy ${record.id} " && echo "\${p#/proc/}"; done`;
  return [
    // Anchored at the program: this script's own command line holds the same words.
    `proxies=$(${proxies})`,
    "pids=\"1 $proxies\"",
    ...(to
      ? [
          `for c in $(docker ps -q --filter label=com.docker.swarm.service.name 2>/dev/null); do`,
          `  s=$(docker inspect -f '{{index .Config.Labels "com.docker.swarm.service.name"}}' "$c" 2>/dev/null)`,
          `  case "$s" in ${to}|*_${to}) pids="$pids $(docker inspect -f '{{.State.Pid}}' "$c")" ;; esac`,
          "done",
        ]
      : []),
    "left=0",
    "for pid in $pids; do",
    '  [ "$pid" = 0 ] && continue',
    '  in="nsenter --target $pid --net iptables -w"',
    `  while $in -t nat -D PREROUTING ${quote(redirectRule(record))} 2>/dev/null; do echo "removed the REDIRECT rule ${tag} (namespace of $pid)"; done`,
    `  while $in -D INPUT ${quote(resetRule(record))} 2>/dev/null; do echo "removed the reset rule ${tag} (namespace of $pid)"; done`,
    `  $in -t nat -S PREROUTING 2>/dev/null | grep -q -- "${tag}" && left=1`,
    "done",
    'for p in $proxies; do kill "$p" 2>/dev/null && echo "stopped the delaying proxy $p"; done',
    'exit "$left"',
  ].join("\n");
}

async function timeFirstByte(target: Target): Promise<number[]> {
  const out = await target.from.execOrThrow(["python3", DELAY_PROGRAM, "ttfb", target.address, String(target.port), String(PROBES)], { inAgent: true, timeoutMs: 120_000 });
  const times = (JSON.parse(out.trim().split("\n").at(-1)!) as Array<number | null>).filter((t): t is number => t !== null);
  if (times.length === 0) throw new Error(`${target.what}: no connection to ${target.address}:${target.port} from ${target.from.name} was answered`);
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)}ms`;
}
