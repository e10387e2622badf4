import path from "node:path";
import { paths } from "../util/paths.ts";

/** Where a drill's outputs go; CI pipelines publish these. */
export const ALLURE_RESULTS = path.join(paths.reports, "allure-results");
export const ALLURE_REPORT = path.join(paths.reports, "allure-report");
export const JUNIT_XML = path.join(paths.reports, "junit.xml");
export const DRILL_RESULTS = path.join(paths.reports, "drill-results.json");
export const CERTIFICATES = path.join(paths.reports, "certificates");

/** One certified profile's own copies of the drill's outputs (certify runs several profiles). */
export function profileOutputsDir(profile: string): string {
  return path.join(CERTIFICATES, profile);
}
