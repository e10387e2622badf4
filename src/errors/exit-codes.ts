import { FiredrillError } from "./firedrill-error.ts";

/**
 * Exit codes. 0/1/2 are verdicts (all passed / a budget missed / the harness broke);
 * the rest say why nothing could be judged, so CI can tell a bad pipeline from a bad
 * platform without parsing text.
 */
export const ExitCode = {
  passed: 0,
  failed: 1,
  broken: 2,
  /** Bad command line: a flag, a fault, a host, a scenario name. */
  input: 64,
  /** A profile or budget file with a bad value in it. */
  data: 65,
  /** A profile file, a run or a result that is not there. */
  missing: 66,
  /** No engine, a capability refused: fix the machine. */
  environment: 69,
  /** Not enough disk for images or a lab. */
  disk: 73,
  /** A defect in firedrill itself. */
  internal: 70,
  /** Interrupted by the user (SIGINT). */
  interrupted: 130,
} as const;

/** Input errors about the content of a file (as opposed to the command line). */
const DATA_CODES = new Set(["PROFILE_INVALID"]);
const MISSING_CODES = new Set(["PROFILE_NOT_FOUND", "RUN_NOT_FOUND", "NO_RESULTS", "REGISTRY_PASSWORD_FILE"]);

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof FiredrillError)) return ExitCode.internal;
  switch (error.kind) {
    case "input":
      return DATA_CODES.has(error.code) ? ExitCode.data : MISSING_CODES.has(error.code) ? ExitCode.missing : ExitCode.input;
    case "environment":
      return error.code === "DISK_FULL" ? ExitCode.disk : ExitCode.environment;
    case "harness":
      return ExitCode.broken;
    case "platform":
      return ExitCode.failed;
  }
}
