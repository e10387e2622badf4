import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Who owns a lab or a fault: "host/pid@boot:start". A pid alone is not an identity: after
 * a reboot, or on the next machine built from the same disk, pid 14260 is some other
 * process, and a dead runner's lab would look owned forever. The boot id and the
 * process's start time (clock ticks since boot) make the label name one process only.
 */
export function currentOwner(): string {
  const stamp = processStamp(process.pid);
  return `${hostname()}/${process.pid}${stamp ? `@${stamp}` : ""}`;
}

export interface OwnerParts {
  host: string;
  pid: number;
  stamp?: string;
}

export function parseOwner(owner: string): OwnerParts | undefined {
  const match = /^([^/]+)\/(\d+)(?:@([\w.:-]+))?$/.exec(owner);
  if (!match) return undefined;
  return { host: match[1] ?? "", pid: Number(match[2]), stamp: match[3] };
}

/**
 * Whether the process named by an owner label is gone. Only answerable for processes of
 * this machine; a process elsewhere is assumed alive (never sweep what may be someone
 * else's running work). A label without a stamp (older firedrill) falls back to the pid.
 */
export function ownerIsGone(owner: string | undefined): boolean {
  const parts = owner ? parseOwner(owner) : undefined;
  if (!parts || parts.host !== hostname() || parts.pid <= 0) return false;
  if (parts.stamp !== undefined) {
    const now = processStamp(parts.pid);
    // No /proc (not Linux): the pid check below is all there is.
    if (now !== undefined || bootId() !== undefined) return now !== parts.stamp;
  }
  if (parts.pid === process.pid) return false;
  try {
    process.kill(parts.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** "boot:starttime" of a live process, undefined if there is none (or no /proc). */
function processStamp(pid: number): string | undefined {
  const boot = bootId();
  if (!boot) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses; fields after it don't.
    const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const start = after[19]; // field 22, starttime
    return start ? `${boot}:${start}` : undefined;
  } catch {
    return undefined;
  }
}

let cachedBoot: string | null | undefined;
function bootId(): string | undefined {
  if (cachedBoot === undefined) {
    try {
      cachedBoot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim().slice(0, 8);
    } catch {
      cachedBoot = null;
    }
  }
  return cachedBoot ?? undefined;
}
