import type Docker from "dockerode";
import { type SweepResult, sweepUntilGone } from "./sweep.ts";

/**
 * Labs this process is starting. An interrupt during start-up must not sweep while a
 * container create is still on its way to the engine: the engine creates it after the
 * sweep (even on a network that is gone), and it outlives the run. So removal first
 * lets the start settle (it stops at its next phase once interrupted, and removes what
 * it made), then sweeps what is left.
 */
const starting = new Map<string, Promise<unknown>>();
/** Labs this process started that undo something beyond the runner's engine (an inventory's). */
const started = new Map<string, { stop(): Promise<unknown> }>();

export function trackLabStart<T extends { stop(): Promise<unknown> }>(runId: string, start: Promise<T>): Promise<T> {
  const settled = start.then(
    (lab) => void started.set(runId, lab),
    () => undefined,
  );
  starting.set(runId, settled);
  void settled.finally(() => {
    if (starting.get(runId) === settled) starting.delete(runId);
  });
  return start;
}

/** Removes a run once its start (if this process is starting it) has settled. */
export async function removeRun(docker: Docker, runId: string, settleMs = 120_000): Promise<SweepResult> {
  const start = starting.get(runId);
  if (start) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([start, new Promise((resolve) => (timer = setTimeout(resolve, settleMs)))]);
    clearTimeout(timer);
  }
  // A lab's own removal first: an inventory's machines are undone through it, not swept.
  await started.get(runId)?.stop().catch(() => undefined);
  started.delete(runId);
  return sweepUntilGone(docker, runId);
}
