import type Docker from "dockerode";
import { environmentError, FiredrillError } from "../errors/firedrill-error.ts";
import { attachLab } from "../lab/attach-lab.ts";
import { LABEL, runFilter } from "../docker/labels.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { ownerIsGone } from "../docker/owner.ts";
import { knownRuns, sweepUntilGone } from "../lab/sweep.ts";
import { log, warn } from "../util/log.ts";
import type { FaultRecord } from "./fault.ts";
import { faultKind } from "./fault-catalog.ts";
import { FaultJournal } from "./fault-journal.ts";
import { revertFault } from "./revert-fault.ts";

/**
 * Reverts every fault recorded as in effect on a run, newest first, from the records
 * alone (no memory of the process that injected them is needed). Returns what was done.
 */
export async function revertRecordedFaults(engine: Docker, runId: string, only?: (r: FaultRecord) => boolean): Promise<string[]> {
  const journal = new FaultJournal(engine, "");
  const pending = (await journal.pending(runId)).filter((r) => !only || only(r));
  if (pending.length === 0) return [];
  await refuseDeadLab(engine, runId, pending);
  const lab = await attachLab(engine, runId);
  const done: string[] = [];
  for (const record of pending) {
    const { actions, platform } = await revertOne(lab, record);
    await journal.forget(record);
    const line = `reverted ${record.kind} on ${record.host} (${record.id}, run ${runId})${actions.length ? `: ${actions.join("; ")}` : ""}${platform ? `; but ${platform}` : ""}`;
    (platform ? warn : log)("heal", line);
    done.push(line);
  }
  return done;
}

/**
 * One fault's revert. The host's own part failing (it does not start, its engine does not
 * answer) is raised: the fault may still be in effect, so its record stays. The platform's
 * part failing (the node never rejoins) is reported and the record goes: the host is back
 * as it was, and what Swarm did with it is a finding, not a fault in effect.
 */
async function revertOne(lab: StartedLab, record: FaultRecord): Promise<{ actions: string[]; platform?: string }> {
  try {
    return { actions: (await revertFault(faultKind(record.kind), lab, record)).actions };
  } catch (error) {
    if (!(error instanceof FiredrillError) || error.kind !== "platform") throw error;
    return { actions: [], platform: `${error.message} (${error.code})` };
  }
}

/**
 * A lab whose containers stopped on their own (the engine restarted, the machine
 * rebooted) has no faults left to revert, only containers to remove; waiting for its
 * hosts to answer would cost every later run minutes. A host a recorded host-halt
 * stopped is not counted: starting it is that fault's revert.
 */
async function refuseDeadLab(engine: Docker, runId: string, pending: FaultRecord[]): Promise<void> {
  const halted = new Set(pending.filter((r) => r.kind === "host-halt").map((r) => r.host));
  const containers = await engine.listContainers({ all: true, filters: runFilter(runId) });
  const dead = containers
    .filter((c) => ["host", "registry", "edge"].includes(c.Labels[LABEL.role] ?? ""))
    .filter((c) => !["running", "paused"].includes(c.State))
    .filter((c) => !halted.has(c.Labels[LABEL.host] ?? ""))
    .map((c) => `${c.Labels[LABEL.host] ?? c.Labels[LABEL.role]} (${c.Status})`);
  if (dead.length > 0) {
    throw environmentError(
      "LAB_NOT_RUNNING",
      `run ${runId} is not running any more: ${dead.join(", ")}; its ${pending.length} recorded fault(s) cannot be reverted in place`,
      `\`firedrill clean --run ${runId}\` removes the run and its records.`,
    );
  }
}

/**
 * What a killed runner left behind, found and dealt with at the start of the next run
 * (and by `firedrill clean`): labs of dead, attached runners are removed; faults whose
 * injecting process died are reverted on labs that are meant to stay (detached).
 * Another live process's work, or another machine's, is never touched.
 */
export async function healOrphans(engine: Docker): Promise<string[]> {
  const done: string[] = [];
  for (const [runId, run] of await knownRuns(engine)) {
    try {
      if (run.owner === undefined) {
        // Only fault records are left: the lab they were on is gone, so is the fault.
        const removed = await sweepUntilGone(engine, runId);
        log("heal", `run ${runId} has only fault records left, its lab is gone: removed them`);
        done.push(`removed run ${runId} (${removed.containers.length} fault records)`);
      } else if (!run.detached && ownerIsGone(run.owner)) {
        log("heal", `run ${runId} was left by a runner that is gone (${run.owner}): removing it`);
        const removed = await sweepUntilGone(engine, runId);
        done.push(`removed run ${runId} (${removed.containers.length} containers)`);
      } else {
        done.push(...(await revertRecordedFaults(engine, runId, (r) => ownerIsGone(r.owner))));
      }
    } catch (error) {
      warn("heal", `run ${runId}: ${(error as Error).message}`);
    }
  }
  return done;
}
