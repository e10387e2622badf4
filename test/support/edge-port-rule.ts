import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** drop: packets vanish and requests hang; reject: the connection is reset at once. */
export type EdgeRuleAction = "drop" | "reject";

/**
 * A rule on the INPUT chain of the edge container's own network namespace, against the
 * traffic to its port 80 (entered from this machine with nsenter; the runner is root).
 * Every path to the edge (Docker's userland proxy behind the loopback port, or a DNAT)
 * ends there, and the rule's packet counter proves it was met.
 *
 * Not this machine's OUTPUT chain, although the proxy's connection crosses it too: there
 * the sender's own send fails (EPERM), which is not what a packet lost on the way looks
 * like to it, and a rule left by a crash would stay on the runner's machine. Dropped on
 * the receiver, the sender sees what it sees when a host or link goes dark.
 *
 * Every rule carries `tag`, so `removeAll` finds what a crashed run left; the rules go
 * with the edge's namespace when the lab is removed in any case.
 */
export class EdgePortRule {
  constructor(
    /** The edge container's main process, whose network namespace holds the rule. */
    readonly pid: number,
    readonly action: EdgeRuleAction,
    readonly tag: string,
  ) {}

  insert(): Promise<void> {
    return iptables(this.pid, "-I", specOf(this.action, this.tag));
  }

  remove(): Promise<void> {
    return iptables(this.pid, "-D", specOf(this.action, this.tag));
  }

  /** Packets that met the rule so far (0 when it is not there). */
  async packets(): Promise<number> {
    const { stdout } = await run("nsenter", [`--net=/proc/${this.pid}/ns/net`, "iptables-save", "-c", "-t", "filter"]);
    const line = stdout.split("\n").find((l) => l.includes(this.tag));
    return Number(line?.match(/^\[(\d+):\d+\]/)?.[1] ?? 0);
  }

  /** Deletes every copy of either action's rule with this tag; safe when there is none, or no edge. */
  static async removeAll(pid: number, tag: string): Promise<number> {
    let removed = 0;
    for (const action of ["drop", "reject"] as const) {
      while (await iptables(pid, "-D", specOf(action, tag)).then(() => true, () => false)) removed += 1;
    }
    return removed;
  }
}

function specOf(action: EdgeRuleAction, tag: string): string[] {
  const target = action === "drop" ? ["DROP"] : ["REJECT", "--reject-with", "tcp-reset"];
  return ["INPUT", "-p", "tcp", "--dport", "80", "-m", "comment", "--comment", tag, "-j", ...target];
}

async function iptables(pid: number, verb: "-I" | "-D", spec: string[]): Promise<void> {
  // -w: wait for the xtables lock rather than fail while another rule is being changed.
  await run("nsenter", [`--net=/proc/${pid}/ns/net`, "iptables", "-w", verb, ...spec]);
}
