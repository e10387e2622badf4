import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";

/** One observation that shows a fault is (or is no longer) in effect. */
import type { Evidence } from "../history/evidence.ts";

export type { Evidence };

/**
 * A fault as recorded before it is injected: enough to revert it later, even from
 * another process after the one that injected it was killed.
 */
export interface FaultRecord {
  id: string;
  kind: string;
  runId: string;
  host: string;
  options: Record<string, string | number | boolean>;
  /** host/pid of the process that injected it: a record whose process is gone is an orphan. */
  owner: string;
  recordedAt: number;
}

export interface RevertReport {
  /** What revert did, in order ("started host-2", "removed 2 rules tagged firedrill:ab12"). */
  actions: string[];
  evidence: Evidence[];
}

/** What a kind of fault does. `revert` works from the record alone and is idempotent. */
export interface FaultKind {
  readonly name: string;
  readonly summary: string;
  /** The host cannot serve while it lasts (halt, pause, freeze, partition); it can through a blocked registry. */
  readonly disablesHost: boolean;
  readonly options: readonly FaultOptionSpec[];
  /**
   * Does the fault and proves it took effect; throws if it cannot be proven. Calls
   * `acting()` just before the action itself (the stop, the SIGSTOP, the rule), after any
   * look-ups: that instant is T0. A kind that never calls it gets T0 = the call to inject.
   */
  inject(lab: StartedLab, host: Host, record: FaultRecord, acting: () => void): Promise<Evidence[]>;
  revert(lab: StartedLab, record: FaultRecord): Promise<RevertReport>;
  /**
   * A shell script, run on the host by its agent, that undoes the fault: registered before
   * the fault acts, run by the agent on its own if the runner stops renewing its lease or
   * the fault outlives its maximum. Safe to run twice, and exits 0 when there is nothing
   * left to undo. Kinds without one act on the host's power (halt, pause), which nothing
   * on the host itself can undo.
   */
  undo?(record: FaultRecord): string;
  /**
   * Throws an input error when the fault would not mean there what it says (a CLI login on
   * a worker, which Swarm never uses). Asked before the fault is recorded or anything is touched.
   */
  refuseTarget?(lab: StartedLab, hostName: string): void;
  /** Refuses options that make no sense together (an input error), before anything is touched. */
  validateOptions?(options: Record<string, string | number>): void;
  /** Why it needs a drill's lab (its registry, its stack, a lab container): `fault --inventory` refuses it, saying this. */
  needsDrillLab?: string;
}

export interface FaultOptionSpec {
  name: string;
  description: string;
  /** The allowed values, for options that are a choice. */
  choices?: readonly string[];
  /** For numeric options: the inclusive range. */
  range?: readonly [number, number];
  default: string | number;
}

/** A fault that is in effect, with the proof, until `revert()` (safe to call twice). */
export interface InjectedFault {
  readonly record: FaultRecord;
  /** T0: the instant just before the action (see FaultKind.inject's `acting`). */
  readonly actionAt: number;
  /** When the first evidence that it took effect was seen (reported beside T0, never instead of it). */
  readonly effectSeenAt: number;
  readonly evidence: Evidence[];
  revert(): Promise<RevertReport>;
}

export function evidence(what: string): Evidence {
  return { at: Date.now(), what };
}
