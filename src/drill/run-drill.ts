import { rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import Mocha from "mocha";
import { ALLURE_CATEGORIES } from "../report/allure-categories.ts";
import { ALLURE_RESULTS } from "../report/report-paths.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { type DrillConfig, drillSession } from "./drill-session.ts";
import { addDeclaredSuites } from "./drill-suite.ts";
import type { HostFacts } from "./host-facts.ts";
import { withMissingResults } from "./missing-results.ts";
import { plannedScenarios } from "./scenario-selection.ts";
import { SUITE_FILES } from "./suite-files.ts";

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
 * Runs the suites under mocha in this process, against one shared lab, and returns the
 * scenario results. Reporters see ordinary mocha tests; the verdicts come back here.
 */
export async function runDrill(config: DrillConfig, environment: Record<string, string>): Promise<DrillRun> {
  drillSession.config = config;
  const mocha = new Mocha({
    reporter: "allure-mocha",
    reporterOptions: { resultsDir: ALLURE_RESULTS, extraReporters: "spec", environmentInfo: environment, categories: ALLURE_CATEGORIES },
    // A backstop only: each scenario sets its own, above the drill's time limit (drill-scenario.ts).
    timeout: 60 * 60_000,
    bail: false,
  });
  // The suites are imported once per process and their tests built afresh for each drill.
  for (const file of SUITE_FILES) await import(pathToFileURL(file).href);
  addDeclaredSuites(mocha.suite);
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
    const results = withMissingResults(plannedScenarios(config.scenarios), drillSession.results, hookFailures);
    return { results, failures, failureMessages, hostFacts: drillSession.hostFacts, labError: drillSession.labError };
  } finally {
    await drillSession.close();
    mocha.dispose();
  }
}

/** A new drill's results replace the last one's (trends come from the report's history). */
export async function clearResults(): Promise<void> {
  await rm(ALLURE_RESULTS, { recursive: true, force: true });
}
