import { rm } from "node:fs/promises";
import Mocha from "mocha";
import { ALLURE_CATEGORIES } from "../report/allure-categories.ts";
import { ALLURE_RESULTS } from "../report/report-paths.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { DrillRunner, type LabSource } from "./drill-runner.ts";
import type { HostFacts } from "./host-facts.ts";
import { withMissingResults } from "./missing-results.ts";
import { addPlannedSuites } from "./mocha-suites.ts";
import type { DrillPlan } from "./plan.ts";

export interface DrillRun {
  /** One per selected scenario, in plan order: a scenario that left none is broken, with why. */
  results: ScenarioResult[];
  hostFacts?: HostFacts;
  /** Why there was no lab, when there was none. */
  labError?: Error & { code?: string };
  /** Mocha's count of tests that did not pass (hooks included). */
  failures: number;
  /** Mocha's failures, "title: message", each as mocha saw it. */
  failureMessages: string[];
}

/**
 * Runs the plan's scenarios as mocha tests in this process, against one shared lab, and
 * returns their results. Reporters see ordinary mocha tests; the verdicts come back here.
 */
export async function runDrill(plan: DrillPlan, environment: Record<string, string>, source?: LabSource, options: { spec?: boolean } = {}): Promise<DrillRun> {
  const runner = new DrillRunner(plan, source);
  const mocha = new Mocha({
    reporter: "allure-mocha",
    // The spec reporter writes to stdout, which --json keeps for its one object.
    reporterOptions: { resultsDir: ALLURE_RESULTS, ...(options.spec === false ? {} : { extraReporters: "spec" }), environmentInfo: environment, categories: ALLURE_CATEGORIES },
    // A backstop only: each scenario sets its own, above the drill's time limit (drill-scenario.ts).
    timeout: 60 * 60_000,
    bail: false,
  });
  addPlannedSuites(mocha.suite, runner);
  const failureMessages: string[] = [];
  const hookFailures: string[] = [];
  try {
    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(resolve);
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (runnable: Mocha.Runnable, error: Error) => {
        const message = `${runnable.fullTitle()}: ${error.message.split("\n")[0]}`;
        failureMessages.push(message);
        // A failed hook stops its suite's tests: the likely reason a scenario left no result.
        if (runnable instanceof Mocha.Hook) hookFailures.push(message);
      });
    });
    const results = withMissingResults(plan.scenarios.map((p) => p.scenario), runner.results, hookFailures);
    return { results, failures, failureMessages, hostFacts: runner.hostFacts, labError: runner.labError };
  } finally {
    await runner.close();
    mocha.dispose();
  }
}

/** A new drill's results replace the last one's (trends come from the report's history). */
export async function clearResults(): Promise<void> {
  await rm(ALLURE_RESULTS, { recursive: true, force: true });
}
