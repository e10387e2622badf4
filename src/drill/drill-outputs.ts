import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { junitXml } from "../report/junit-xml.ts";
import { DRILL_RESULTS, JUNIT_XML } from "../report/report-paths.ts";
import type { ResultsFile } from "./run-record.ts";

/** Where a drill's machine-readable outputs go: the reports' own (a drill), or a profile's folder (certify). */
export interface OutputFiles {
  junit: string;
  results: string;
}

export const REPORT_OUTPUTS: OutputFiles = { junit: JUNIT_XML, results: DRILL_RESULTS };

/** The same two files in a folder of their own: reports/certificates/<profile>/ keeps each profile's. */
export function outputsIn(dir: string): OutputFiles {
  return { junit: path.join(dir, path.basename(JUNIT_XML)), results: path.join(dir, path.basename(DRILL_RESULTS)) };
}

/** The drill's machine-readable outputs beside the Allure results: JUnit for CI, JSON (the run record and the results) for tools and merges. */
export async function writeDrillOutputs(file: ResultsFile, files: OutputFiles = REPORT_OUTPUTS, suiteName?: string): Promise<void> {
  await mkdir(path.dirname(files.junit), { recursive: true });
  await mkdir(path.dirname(files.results), { recursive: true });
  await writeFile(files.junit, junitXml(file.results, suiteName));
  await writeFile(files.results, JSON.stringify(file, null, 1));
}
