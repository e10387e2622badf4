import { warn } from "./log.ts";

type Cleanup = () => Promise<unknown>;

const cleanups: Array<{ name: string; run: Cleanup }> = [];
let installed = false;
let interrupted = false;
/** Timers that hold the process open until an interrupt (see `untilInterrupted`). */
const keepAlive = new Set<NodeJS.Timeout>();

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

/**
 * Waits for SIGINT, SIGTERM or SIGHUP, holding the process open until then: a pending
 * promise alone holds nothing, and Node would exit as soon as nothing else is left to do.
 * Never settles: the interrupt handler runs the cleanups and ends the process (130, 143
 * or 129).
 */
export function untilInterrupted(): Promise<never> {
  install();
  // A referenced timer keeps the event loop, and so the process, alive; the handler
  // clears it before it exits.
  keepAlive.add(setInterval(() => undefined, 60 * 60_000));
  return new Promise<never>(() => undefined);
}

function install(): void {
  if (installed) return;
  installed = true;
  const exit = (code: number): never => {
    for (const timer of keepAlive) clearInterval(timer);
    keepAlive.clear();
    process.exit(code);
  };
  const handle = (signal: NodeJS.Signals, code: number) => async () => {
    if (interrupted) {
      warn("interrupt", `second ${signal}: exiting without finishing cleanup`);
      exit(code);
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
    exit(code);
  };
  process.on("SIGINT", handle("SIGINT", 130));
  process.on("SIGTERM", handle("SIGTERM", 143));
  process.on("SIGHUP", handle("SIGHUP", 129));
}
