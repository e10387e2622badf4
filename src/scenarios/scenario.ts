import type { Budget } from "../checks/budget.ts";
import type { CheckResult } from "../checks/check-result.ts";
import type { History, Subject } from "../history/history.ts";
import type { StackFeature } from "../stack/stack.ts";
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
  /** Defaults; a profile or a flag may override them. */
  budget: Budget;
  /** What the stack must declare for this scenario to run; without it the scenario is skipped, saying why. */
  needs?: readonly StackFeature[];
  /**
   * Runs only when named (--scenario, a profile's scenarios:): a scenario about the stack's
   * own tolerance rather than the host configuration, which a default drill and a
   * certificate's coverage leave out.
   */
  optIn?: boolean;
  /** The traffic the scenario needs when the drill asks for none ("load:rate=50"): a latency drill means nothing without load. */
  traffic?: string;
  /** Services whose convergence is judged (Swarm names); by default every service of the stack and firedrill's lb. */
  services?(subject: Subject): string[];
  /** Changes to the baseline the scenario needs before steady state (another stack variant...). */
  prepare?(ctx: ScenarioContext): Promise<void>;
  /** The disturbance and its observation: inject faults, start an upgrade, wait, revert. */
  method(ctx: ScenarioContext): Promise<void>;
  /** Checks beyond the standard ones, pure over the history. */
  checks?(history: History, budget: Budget): CheckResult[];
  /**
   * The budget fields `checks` hold a figure to, beyond the standard ones (STANDARD_BUDGETS).
   * A budget no check reads is refused before a drill starts rather than shown as enforced;
   * test/unit/scenarios/judged-budgets.test.ts runs `checks` with every field set and
   * proves this list is exactly what they read.
   */
  judges?: ReadonlyArray<keyof Budget>;
}
