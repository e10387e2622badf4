import { FiredrillError } from "../errors/firedrill-error.ts";
import type Docker from "dockerode";
import { onInterrupt } from "../util/interrupts.ts";
import { LABEL, runFilter } from "../docker/labels.ts";
import { log } from "../util/log.ts";
import type { FaultRecord } from "./fault.ts";
import type { AgentClient } from "../agent/agent-client.ts";
import { LeaseKeeper } from "../agent/lease-keeper.ts";

const RECORD_LABEL = "firedrill.fault";

/**
 * Where injected faults are written down before they happen. Each record is a marker: a
 * container that is created but never started, labelled with the run and the record.
 * It lives on the engine beside the lab, so any later process (`firedrill clean`, the
 * next run) finds what a killed runner left in effect, and sweeping the run removes it.
 */
export class FaultJournal {
  constructor(
    private readonly engine: Docker,
    private readonly markerImage: string,
  ) {}

  async record(record: FaultRecord): Promise<void> {
    await this.engine.createContainer({
      name: `fd-${record.runId}-fault-${record.id}`,
      Image: this.markerImage,
      Cmd: ["true"],
      Labels: { [LABEL.run]: record.runId, [LABEL.role]: "fault", [RECORD_LABEL]: JSON.stringify(record) },
      HostConfig: { NetworkMode: "none" },
    });
  }

  async forget(record: FaultRecord): Promise<void> {
    await this.engine
      .getContainer(`fd-${record.runId}-fault-${record.id}`)
      .remove({ force: true })
      .catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 404) throw e;
      });
  }

  /** Every fault still recorded as in effect (for one run or all), newest first. */
  async pending(runId?: string): Promise<FaultRecord[]> {
    const filters = { label: [...runFilter(runId).label, `${LABEL.role}=fault`] };
    const markers = await this.engine.listContainers({ all: true, filters });
    return markers
      .map((m) => JSON.parse(m.Labels[RECORD_LABEL] ?? "null") as FaultRecord | null)
      .filter((r): r is FaultRecord => r !== null)
      .sort((a, b) => b.recordedAt - a.recordedAt);
  }
}

type Revertible = { record: FaultRecord; revert: () => Promise<unknown> };

/**
 * The faults this process has in effect. If the process is interrupted (SIGINT,
 * SIGTERM) or a scenario ends in any way, they are reverted newest first, each logged.
 */
export class ActiveFaults implements AsyncDisposable {
  private readonly active: Revertible[] = [];
  private unregister: (() => void) | undefined;
  private leases: LeaseKeeper | undefined;

  /** Keeps the agent's lease renewed until the returned release is called (the fault's revert). */
  holdLease(agent: AgentClient, leaseMs: number): () => void {
    this.leases ??= new LeaseKeeper(leaseMs);
    return this.leases.hold(agent);
  }

  add(fault: Revertible): void {
    this.active.push(fault);
    this.unregister ??= onInterrupt("revert faults in effect", () => this.revertAll());
  }

  remove(fault: Revertible): void {
    const i = this.active.indexOf(fault);
    if (i >= 0) this.active.splice(i, 1);
  }

  get size(): number {
    return this.active.length;
  }

  async revertAll(): Promise<void> {
    const errors: Error[] = [];
    for (const fault of [...this.active].reverse()) {
      log("fault", `reverting ${fault.record.kind} on ${fault.record.host} (${fault.record.id})`);
      await fault.revert().catch((e: Error) => errors.push(e));
    }
    // Reverted by the harness but not taken back by the platform (a node that never
    // rejoined): that finding is the platform's, and is raised as it is.
    if (errors.length > 0 && errors.every((e) => e instanceof FiredrillError && e.kind === "platform")) throw errors[0];
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} fault(s) could not be reverted: ${errors.map((e) => e.message).join("; ")}`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.revertAll();
    } finally {
      this.unregister?.();
      this.unregister = undefined;
      // What could not be reverted is left to the hosts' agents: they undo it when the lease lapses.
      this.leases?.releaseAll();
    }
  }
}
