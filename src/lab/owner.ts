import { hostname } from "node:os";

/**
 * Whether the process named by an owner label ("host/pid") is gone. Only answerable
 * for processes of this machine; a process elsewhere is assumed alive (never sweep
 * what may be someone else's running work).
 */
export function ownerIsGone(owner: string | undefined): boolean {
  if (!owner) return false;
  const [host, pidText] = owner.split("/");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
