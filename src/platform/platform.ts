import type { ClusterSnapshot } from "./cluster-snapshot.ts";

/**
 * The orchestrator under test. Docker Swarm is the one built; another would implement
 * the same verbs and produce the same snapshots, and every check and report would work
 * unchanged.
 */
export interface Platform {
  snapshot(): Promise<ClusterSnapshot>;
  /** Deploys (or updates) a stack from its compose files and firedrill's (later files override earlier ones). */
  deployStack(stack: string, bundle: StackBundle, env: Record<string, string>): Promise<void>;
  removeStack(stack: string): Promise<void>;
}

/** A stack's files as deployed: its folder, its compose files in order, and firedrill's generated files (compose files end in .yml). */
export interface StackBundle {
  dir: string;
  compose: readonly string[];
  generated: Record<string, string>;
}
