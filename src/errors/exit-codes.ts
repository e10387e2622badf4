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
  /** Bad command line, profile or budget: fix the input. */
  input: 64,
  /** No engine, missing capability, no disk: fix the machine. */
  environment: 69,
  /** A defect in firedrill itself. */
  internal: 70,
  /** Interrupted by the user (SIGINT). */
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof FiredrillError)) return ExitCode.internal;
  switch (error.kind) {
    case "input":
      return ExitCode.input;
    case "environment":
      return ExitCode.environment;
    case "harness":
      return ExitCode.broken;
  }
}
