import { errorCodeRow, ExitCode } from "./error-codes.ts";
import { FiredrillError } from "./firedrill-error.ts";

export { ExitCode } from "./error-codes.ts";

/** The exit of a command that ended with this error: its code's row in ERROR_CODES; anything else is a defect (70). */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof FiredrillError)) return ExitCode.internal;
  return errorCodeRow(error.code)?.exit ?? ExitCode.internal;
}
