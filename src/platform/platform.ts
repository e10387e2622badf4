import type { ClusterSnapshot } from "./cluster-snapshot.ts";

/**
 * The orchestrator under test. Docker Swarm is the one built; another would implement
 * the same verbs and produce the same snapshots, and every check and report would work
 * unchanged.
 */
export interface Platform {
  readonly name: string;
  snapshot(): Promise<ClusterSnapshot>;
  /** Deploys (or updates) a stack from compose files under stacks/ (later files override earlier ones). */
  deployStack(stack: string, composeFiles: readonly string[], env: Record<string, string>): Promise<void>;
  removeStack(stack: string): Promise<void>;
}
