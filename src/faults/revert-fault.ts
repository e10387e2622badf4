import type { StartedLab } from "../lab/started-lab.ts";
import { warn } from "../util/log.ts";
import type { FaultKind, FaultRecord, RevertReport } from "./fault.ts";

/**
 * A fault's revert from its record alone: the kind's own revert (undo and proof), then
 * the host's agent lets go of it (running its undo once more, which finds nothing left).
 * Should the kind's revert fail, the agent still holds the fault and reverts it when the
 * lease lapses.
 */
export async function revertFault(kind: FaultKind, lab: StartedLab, record: FaultRecord): Promise<RevertReport> {
  try {
    return await kind.revert(lab, record);
  } finally {
    await letGo(kind, lab, record);
  }
}

/** The agent runs the undo once more and drops the fault; one it could not undo it keeps, for the lease. */
async function letGo(kind: FaultKind, lab: StartedLab, record: FaultRecord): Promise<void> {
  const undo = kind.undo?.(record);
  if (undo) {
    const released = await lab
      .host(record.host)
      .viaAgent((agent) => agent.forget(record.id, undo))
      .catch((error: Error) => ({ known: true, exitCode: -1, output: error.message }));
    if (released.exitCode !== 0) warn("fault", `${record.host}'s agent could not let go of ${record.id} (${released.output}); it reverts it again when the lease lapses`);
  }
}
