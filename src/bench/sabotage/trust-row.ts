import type { CheckResult } from "../../checks/check-result.ts";
import type { SabotageTrace } from "./sabotage.ts";

/** One line of `bench trust`'s table: a control, what was expected of the harness, what it said. */
export interface TrustRow {
  sabotage: string;
  title: string;
  scenario: string;
  expected: string;
  verdict: string;
  caught: boolean;
  /** The failed checks or the broken reason that caught it; otherwise why it was not caught. */
  by: string;
  /** What kept the lab from its baseline afterwards; empty when restored. Absent for controls without a lab. */
  notRestored?: string[];
  trace?: SabotageTrace;
  checks?: CheckResult[];
}
