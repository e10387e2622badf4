import { randomBytes } from "node:crypto";
import { currentOwner } from "../docker/owner.ts";
import { FiredrillError, harnessError } from "../errors/firedrill-error.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { log } from "../util/log.ts";
import type { FaultKind, FaultRecord, InjectedFault, RevertReport } from "./fault.ts";
import { ActiveFaults, FaultJournal } from "./fault-journal.ts";
import { type FaultOptions, parseFaultOptions } from "./fault-options.ts";
import { type FaultLimits, faultLimits } from "../agent/fault-limits.ts";
import { revertFault } from "./revert-fault.ts";

/** A fault to be injected: a kind, a target host and checked options. */
export class Fault {
  readonly options: FaultOptions;
  readonly limits: FaultLimits;

  constructor(
    readonly kind: FaultKind,
    readonly host: string,
    options: Record<string, string | number | undefined> = {},
    limits: Partial<FaultLimits> = {},
  ) {
    this.options = parseFaultOptions(kind, options);
    this.limits = faultLimits(limits);
  }

  get name(): string {
    return `${this.kind.name} on ${this.host}`;
  }

  /**
   * Records the fault, does it, and proves it took effect. If it cannot be proven it is
   * reverted and FAULT_NOT_PROVEN is raised: a consequence is never judged on a fault
   * that may not have happened. Until reverted it is in `active` (reverted on Ctrl-C).
   */
  async inject(lab: StartedLab, active: ActiveFaults): Promise<InjectedFault> {
    const host = lab.host(this.host);
    // A fault that would not mean what it says on this host is bad input, not a fault to record.
    this.kind.refuseTarget?.(lab, this.host);
    const record: FaultRecord = {
      id: randomBytes(4).toString("hex"),
      kind: this.kind.name,
      runId: lab.runId,
      host: this.host,
      options: this.options,
      owner: currentOwner(),
      recordedAt: Date.now(),
    };
    const journal = new FaultJournal(lab.outer, lab.images.base);
    await journal.record(record);
    // The host's agent holds the undo before anything acts: from here on the host reverts
    // by itself if this process dies (the lease lapses) or the fault outlives its maximum.
    const undo = this.kind.undo?.(record);
    if (undo) {
      await host.viaAgent((agent) => agent.register({ id: record.id, undo, ...this.limits })).catch(async (error: Error) => {
        await journal.forget(record);
        throw harnessError("AGENT_UNREACHABLE", `${this.name}: the host's agent did not take the fault: ${error.message}`, "Nothing was done to the host. `firedrill doctor` checks the agents of a run.", {
          cause: error,
        });
      });
    }
    const releaseLease = undo ? active.holdLease(host.agent, this.limits.leaseMs) : () => undefined;
    let reverting: Promise<RevertReport> | undefined;
    const entry = {
      record,
      revert: () =>
        (reverting ??= (async () => {
          let report: RevertReport;
          try {
            report = await revertFault(this.kind, lab, record);
          } catch (error) {
            // The platform not taking the host back (a node that never rejoins) is a finding
            // about the platform: the harness's revert is done, so the record goes.
            if (error instanceof FiredrillError && error.kind === "platform") {
              await journal.forget(record);
              active.remove(entry);
              releaseLease();
            }
            throw error;
          }
          await journal.forget(record);
          active.remove(entry);
          releaseLease();
          log("fault", `reverted ${this.name} (${record.id})${report.actions.length ? `: ${report.actions.join("; ")}` : ""}`);
          return report;
        })()),
    };
    active.add(entry);

    log("fault", `injecting ${this.name} (${record.id})`);
    let proof;
    let actionAt: number | undefined;
    const calledAt = Date.now();
    try {
      proof = await this.kind.inject(lab, host, record, () => {
        actionAt ??= Date.now();
      });
    } catch (error) {
      await entry.revert().catch((e: Error) => log("fault", `revert after a failed injection failed too: ${e.message}`));
      throw harnessError(
        "FAULT_NOT_PROVEN",
        `${this.name} could not be proven in effect: ${(error as Error).message}`,
        "The fault was reverted and nothing was judged. Check the host's state with `firedrill doctor` and the evidence below.",
        { cause: error },
      );
    }
    const effectSeenAt = proof[0]?.at ?? Date.now();
    for (const item of proof) log("fault", `  evidence: ${item.what}`);
    return { record, actionAt: actionAt ?? calledAt, effectSeenAt, evidence: proof, revert: entry.revert };
  }
}
