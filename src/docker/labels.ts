import { currentOwner } from "./owner.ts";

/**
 * Labels on everything firedrill creates. `run` ties a container, network or volume to
 * one lab so that it can be found and swept; nothing is ever selected without it.
 */
export const LABEL = {
  run: "firedrill.run",
  role: "firedrill.role",
  host: "firedrill.host",
  owner: "firedrill.owner",
  detached: "firedrill.detached",
  created: "firedrill.created",
  image: "firedrill.image",
} as const;

export type Role = "host" | "registry" | "edge" | "network" | "volume" | "agent";

export function runLabels(runId: string, role: Role, extra: Record<string, string> = {}): Record<string, string> {
  return { [LABEL.run]: runId, [LABEL.role]: role, ...extra };
}

/**
 * Who owns a run: this machine and process, so a later run can tell a lab whose runner
 * died (sweep it) from one that is still in use or was left running on purpose.
 */
export function ownerLabels(detached: boolean): Record<string, string> {
  return {
    [LABEL.owner]: currentOwner(),
    [LABEL.detached]: String(detached),
    [LABEL.created]: new Date().toISOString(),
  };
}

/** The filter that selects one run's objects (or every run's, without an id). */
export function runFilter(runId?: string): { label: string[] } {
  return { label: [runId ? `${LABEL.run}=${runId}` : LABEL.run] };
}
