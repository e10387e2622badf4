import { type ErrorCode, type ErrorCodeOf, type ErrorKind, errorCodeRow } from "./error-codes.ts";

/**
 * Every error firedrill raises on purpose. A stable `code` lets scripts and tests match
 * on the cause; `hint` tells the user what to do; `evidence` carries what was seen
 * (for example the last log lines of the container that failed). What a code means (its
 * kind, exit, report category, and what it says on a certificate) is its row in
 * ERROR_CODES (error-codes.ts).
 */
export type { ErrorKind };

export type { ErrorCode } from "./error-codes.ts";

export interface FiredrillErrorOptions {
  /** The code's kind in ERROR_CODES when left out (a kind given must be the table's). */
  kind?: ErrorKind;
  code: ErrorCode;
  hint: string;
  evidence?: string;
  cause?: unknown;
}

export class FiredrillError extends Error {
  readonly kind: ErrorKind;
  readonly code: ErrorCode;
  readonly hint: string;
  readonly evidence: string | undefined;

  constructor(message: string, options: FiredrillErrorOptions) {
    super(message, { cause: options.cause });
    this.name = "FiredrillError";
    // A code not in the table can only come through a cast: a defect, counted as the harness's.
    this.kind = options.kind ?? errorCodeRow(options.code)?.kind ?? "harness";
    this.code = options.code;
    this.hint = options.hint;
    this.evidence = options.evidence;
  }
}

export function inputError(code: ErrorCodeOf<"input">, message: string, hint: string): FiredrillError {
  return new FiredrillError(message, { kind: "input", code, hint });
}

export function environmentError(code: ErrorCodeOf<"environment">, message: string, hint: string, evidence?: string): FiredrillError {
  return new FiredrillError(message, { kind: "environment", code, hint, evidence });
}

export function harnessError(
  code: ErrorCodeOf<"harness">,
  message: string,
  hint: string,
  extra: { evidence?: string; cause?: unknown } = {},
): FiredrillError {
  return new FiredrillError(message, { kind: "harness", code, hint, ...extra });
}

/** The platform did not do what a scenario waits on it to do: a failed verdict, not a broken one. */
export function platformError(code: ErrorCodeOf<"platform">, message: string, hint: string, extra: { evidence?: string; cause?: unknown } = {}): FiredrillError {
  return new FiredrillError(message, { kind: "platform", code, hint, ...extra });
}
