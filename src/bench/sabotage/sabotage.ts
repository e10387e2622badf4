import type { Verdict } from "../../checks/check-result.ts";
import type { Subject } from "../../history/history.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { ScenarioContext } from "../../scenarios/scenario-context.ts";

/**
 * A negative control: something wrong done to the lab (or the runner) behind the
 * harness's back while a real scenario observes, which the normal drill code must
 * notice. It is never recorded in the scenario's history: the harness is not told.
 */
export interface Sabotage {
  /** kebab-case id, used by `bench trust --only`. */
  name: string;
  /** What it does, for the table. */
  title: string;
  /** The real scenario (from the catalog) it is done during; judged by its own checks and budgets. */
  scenario: Scenario;
  /** The traffic beside the probe, as `--traffic` takes it (the probe alone when absent). */
  traffic?: string;
  expected: Verdict;
  /**
   * How the harness must say it: a failed verdict names one of these checks as failed;
   * a broken one has a reason that matches.
   */
  caughtBy: { checks: readonly string[] } | { reason: RegExp };
  /** When it acts: this long after T0. */
  afterT0Ms: number;
  /**
   * The sabotage itself. It may last (an outage it ends itself) or return at once and
   * leave its change in place until `undo` (a constraint kept to the end of observe).
   */
  during(ctx: ScenarioContext): Promise<void>;
  /** Takes it back; safe to call twice, and when `during` never ran or failed half-way. */
  undo?(ctx: ScenarioContext): Promise<void>;
  /** What of it is still in the lab, one line each; none once undone. `subject` names the stack's services. */
  leftovers?(lab: StartedLab, subject: Subject): Promise<string[]>;
}

/** What a sabotage did and when, for the bench's record (times relative to T0, ms). */
export interface SabotageTrace {
  actedAt?: number;
  endedAt?: number;
  undoneAt?: number;
  /** Why it could not act or be undone: the control is then void, never caught. */
  errors: string[];
}
