import type { Budget } from "../checks/budget.ts";
import type { CheckResult, Verdict } from "../checks/check-result.ts";
import type { History } from "../history/history.ts";
import type { ScenarioEvidence } from "./collect-evidence.ts";

export interface PhaseRecord {
  name: "prepare" | "steady state" | "method" | "revert" | "restore" | "judge" | "audit";
  startedAt: number;
  endedAt: number;
  status: "passed" | "failed" | "broken";
  detail?: string;
}

export interface ScenarioResult {
  name: string;
  title: string;
  description: string;
  verdict: Verdict;
  /** Why the scenario broke or was skipped (never set for passed or failed). */
  reason?: string;
  /** The stable code of the error that broke it, when there was one. */
  errorCode?: string;
  checks: CheckResult[];
  budget: Budget;
  history: History;
  phases: PhaseRecord[];
  /** Host state that differed after the revert. */
  residue: string[];
  /** Engine events and logs of the scenario's time span (absent if they could not be read). */
  evidence?: ScenarioEvidence;
  startedAt: number;
  endedAt: number;
}
