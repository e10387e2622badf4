import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { environmentError } from "../errors/firedrill-error.ts";

/** What to do when no k6 can be run: doctor and the drill say the same. */
export const K6_INSTALL_HINT =
  "Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) so that `k6` is on PATH, or set FIREDRILL_K6 to its path.";

/**
 * The k6 that `--traffic k6:...` runs: FIREDRILL_K6 when set (a k6 outside PATH, or a
 * stand-in in tests), otherwise the first `k6` on PATH, as a shell would find it.
 * Undefined when there is none; a FIREDRILL_K6 that names no executable file is an error
 * rather than a fall-back to PATH, so the k6 that runs is never a surprise.
 */
export function findK6(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.FIREDRILL_K6;
  if (given !== undefined && given !== "") {
    const why = notExecutable(given);
    if (why) throw environmentError("K6_NOT_FOUND", `FIREDRILL_K6=${given} ${why}`, `Point FIREDRILL_K6 at the k6 binary (chmod +x it), or unset it to use the k6 on PATH. ${K6_INSTALL_HINT}`);
    return path.resolve(given);
  }
  // An empty entry means the current directory to a shell; a k6 found there by accident is not one to run.
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter((d) => d !== "")) {
    const candidate = path.join(dir, "k6");
    if (notExecutable(candidate) === undefined) return path.resolve(candidate);
  }
  return undefined;
}

/** Why `file` cannot be run, or undefined when it can. */
function notExecutable(file: string): string | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
  }
  if (!isFile) return "is not a file";
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return "is not executable";
  }
  return undefined;
}
