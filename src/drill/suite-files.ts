import path from "node:path";
import { repoRoot } from "../util/paths.ts";

/** The suites in the order a drill runs them (cheap, common failures first). */
export const SUITE_FILES = [
  "host-halt.suite.ts",
  "daemon-freeze.suite.ts",
  "registry.suite.ts",
  "port-collision.suite.ts",
  "rollback.suite.ts",
  "blue-green.suite.ts",
  "upgrade.suite.ts",
].map((f) => path.join(repoRoot, "suites", f));
