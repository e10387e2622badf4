import { spawn } from "node:child_process";
import { cp, mkdir, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { environmentError, inputError } from "../errors/firedrill-error.ts";
import { ALLURE_REPORT, ALLURE_RESULTS } from "./report-paths.ts";

const require = createRequire(import.meta.url);

/** The Allure CLI bundled by allure-commandline (it runs on the machine's Java). */
function allureBin(): string {
  return path.join(path.dirname(require.resolve("allure-commandline/package.json")), "dist/bin/allure");
}

/**
 * Generates the HTML report from the last drill's results. The previous report's
 * history is copied into the results first, which is how Allure shows trends from one
 * night to the next.
 */
export async function generateReport(resultsDir = ALLURE_RESULTS, reportDir = ALLURE_REPORT): Promise<{ reportDir: string; keptHistory: boolean }> {
  const entries = await readdir(resultsDir).catch(() => [] as string[]);
  if (!entries.some((e) => e.endsWith("-result.json"))) {
    throw inputError("NO_RESULTS", `No drill results in ${resultsDir}`, "Run a drill first: `npm run drill` (or `firedrill drill --scenario <name>`).");
  }
  const history = path.join(reportDir, "history");
  const keptHistory = await stat(history).then((s) => s.isDirectory(), () => false);
  if (keptHistory) {
    await mkdir(path.join(resultsDir, "history"), { recursive: true });
    await cp(history, path.join(resultsDir, "history"), { recursive: true });
  }
  await runAllure(["generate", resultsDir, "-o", reportDir, "--clean"]);
  return { reportDir, keptHistory };
}

/** Serves a generated report on a local port until interrupted. */
export async function openReport(reportDir = ALLURE_REPORT, port = 0): Promise<void> {
  await runAllure(["open", reportDir, ...(port ? ["--port", String(port)] : [])]);
}

function runAllure(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(allureBin(), args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (error) => reject(error));
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(
            environmentError(
              "ALLURE_FAILED",
              `allure ${args[0]} exited with ${code}`,
              "The Allure CLI needs Java 8 or newer on PATH (`java -version`); on Debian: `apt-get install -y default-jre-headless`.",
            ),
          ),
    );
  });
}
