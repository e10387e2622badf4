import { rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import Mocha from "mocha";
import { ALLURE_CATEGORIES } from "../report/allure-categories.ts";
import { ALLURE_RESULTS } from "../report/report-paths.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { type DrillConfig, drillSession } from "./drill-session.ts";
import { addDeclaredSuites } from "./drill-suite.ts";
import type { HostFacts } from "./host-facts.ts";
import { SUITE_FILES } from "./suite-files.ts";

export interface DrillRun {
  results: ScenarioResult[];
  hostFacts?: HostFacts;
  /** Why there was no lab, when there was none. */
  labError?: Error & { code?: string };
  /** Mocha's count of tests that did not pass (hooks included). */
  failures: number;
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
    timeout: 30 * 60_000,
    bail: false,
  });
  // The suites are imported once per process and their tests built afresh for each drill.
  for (const file of SUITE_FILES) await import(pathToFileURL(file).href);
  addDeclaredSuites(mocha.suite);
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    return { results: [...drillSession.results], failures, hostFacts: drillSession.hostFacts, labError: drillSession.labError };
  } finally {
    await drillSession.close();
    mocha.dispose();
  }
}

/** A new drill's results replace the last one's (trends come from the report's history). */
export async function clearResults(): Promise<void> {
  await rm(ALLURE_RESULTS, { recursive: true, force: true });
}
