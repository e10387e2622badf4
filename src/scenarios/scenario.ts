import type { Budget } from "../checks/budget.ts";
import type { CheckResult } from "../checks/check-result.ts";
import type { History } from "../history/history.ts";
import type { ScenarioContext } from "./scenario-context.ts";

/**
 * One drill: what to break, how, and what must hold. The runner owns the phases
 * (steady state, method, observe, revert, judge, audit); a scenario only says what
 * its method does and which extra checks it makes.
 */
export interface Scenario {
  /** kebab-case id used on the command line and in reports. */
  name: string;
  title: string;
  /** What is broken and what is expected, for the report. */
  description: string;
  /** Defaults; a profile may override them. */
  budget: Budget;
  /** Services whose convergence is judged (short names within the wp stack, or full names). */
  services: string[];
  /** Changes to the baseline the scenario needs before steady state (another stack variant...). */
  prepare?(ctx: ScenarioContext): Promise<void>;
  /** The disturbance and its observation: inject faults, start an upgrade, wait, revert. */
  method(ctx: ScenarioContext): Promise<void>;
  /** Checks beyond the standard ones, pure over the history. */
  checks?(history: History, budget: Budget): CheckResult[];
}
