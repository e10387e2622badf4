import { warn } from "../util/log.ts";

type Cleanup = () => Promise<unknown>;

const cleanups: Array<{ name: string; run: Cleanup }> = [];
let installed = false;
let interrupted = false;

/**
 * Registers work that must happen if the process is interrupted (SIGINT, SIGTERM or
 * SIGHUP): reverting a fault, removing a lab. On the first signal they run newest
 * first, then the process exits (130 for SIGINT, 143 for SIGTERM); a second signal
 * exits at once. Returns a function that unregisters the cleanup once it is no longer
 * needed (the work finished normally).
 */
export function onInterrupt(name: string, run: Cleanup): () => void {
  install();
  const entry = { name, run };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

export function wasInterrupted(): boolean {
  return interrupted;
}

function install(): void {
  if (installed) return;
  installed = true;
  const handle = (signal: NodeJS.Signals, code: number) => async () => {
    if (interrupted) {
      warn("interrupt", `second ${signal}: exiting without finishing cleanup`);
      process.exit(code);
    }
    interrupted = true;
    warn("interrupt", `${signal} received: cleaning up (${cleanups.length} step${cleanups.length === 1 ? "" : "s"})`);
    for (const entry of [...cleanups].reverse()) {
      try {
        await entry.run();
        warn("interrupt", `${entry.name}: done`);
      } catch (error) {
        warn("interrupt", `${entry.name}: failed: ${(error as Error).message}`);
      }
    }
    process.exit(code);
  };
  process.on("SIGINT", handle("SIGINT", 130));
  process.on("SIGTERM", handle("SIGTERM", 143));
  process.on("SIGHUP", handle("SIGHUP", 129));
}
