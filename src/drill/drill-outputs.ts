import { mkdir, writeFile } from "node:fs/promises";
import { junitXml } from "../report/junit-xml.ts";
import { DRILL_RESULTS, JUNIT_XML } from "../report/report-paths.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { paths } from "../util/paths.ts";

/** The drill's machine-readable outputs beside the Allure results: JUnit for CI, JSON for tools. */
export async function writeDrillOutputs(results: readonly ScenarioResult[]): Promise<void> {
  await mkdir(paths.reports, { recursive: true });
  await writeFile(JUNIT_XML, junitXml(results));
  await writeFile(DRILL_RESULTS, JSON.stringify(results, null, 1));
}
