import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths.ts";

/** firedrill's own version (package.json): results say which firedrill judged them. */
export const FIREDRILL_VERSION = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
