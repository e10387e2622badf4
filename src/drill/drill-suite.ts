import Mocha from "mocha";
import type { Scenario } from "../scenarios/scenario.ts";
import { scenarioTest } from "./drill-scenario.ts";

export interface SuiteDeclaration {
  title: string;
  scenarios: readonly Scenario[];
  /** The suite file, for reporters that name tests by file. */
  file: string;
}

const declared = new Map<string, SuiteDeclaration>();

/**
 * Declares a suite of scenarios. Under a mocha run of the file (`mocha suites/x.suite.ts`)
 * it registers a describe with one test per scenario. It is also remembered, so that
 * `firedrill drill` can build the same tests afresh for every drill of a process (mocha
 * cannot load an ES module twice, and `firedrill certify` drills several profiles).
 */
export function drillSuite(title: string, file: string, scenarios: readonly Scenario[]): void {
  declared.set(title, { title, file, scenarios });
  if (typeof globalThis.describe === "function") {
    describe(title, () => {
      for (const scenario of scenarios) it(scenario.title, scenarioTest(scenario));
    });
  }
}

/** Builds every declared suite afresh under `root` (a drill's own mocha run). */
export function addDeclaredSuites(root: Mocha.Suite): void {
  for (const declaration of declared.values()) {
    const suite = Mocha.Suite.create(root, declaration.title);
    suite.file = declaration.file;
    for (const scenario of declaration.scenarios) {
      const test = new Mocha.Test(scenario.title, scenarioTest(scenario));
      test.file = declaration.file;
      suite.addTest(test);
    }
  }
}
