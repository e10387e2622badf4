import { fileURLToPath } from "node:url";
import path from "node:path";

/** The checkout firedrill runs from: images/, assets/, stacks/ and profiles/ live here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const paths = {
  images: path.join(repoRoot, "images"),
  stacks: path.join(repoRoot, "stacks"),
  /** firedrill's own files deployed into a lab (its lbs' configurations). */
  assets: path.join(repoRoot, "assets"),
  profiles: path.join(repoRoot, "profiles"),
  /** FIREDRILL_REPORTS moves every output (tests use it to keep runs apart). */
  reports: process.env.FIREDRILL_REPORTS ? path.resolve(process.env.FIREDRILL_REPORTS) : path.join(repoRoot, "reports"),
};
