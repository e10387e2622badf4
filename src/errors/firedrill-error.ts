/**
 * Every error firedrill raises on purpose. A stable `code` lets scripts and tests match
 * on the cause; `hint` tells the user what to do; `evidence` carries what was seen
 * (for example the last log lines of the container that failed).
 */
export type ErrorKind =
  /** The user's input is wrong: nothing was started. */
  | "input"
  /** The machine or engine cannot run a lab: nothing was started. */
  | "environment"
  /** The harness could not do its own work (a lab that did not come up, a fault not proven). */
  | "harness"
  /**
   * The platform did not do its job while the harness did its own (no rollback, an
   * update that never completes, a node that never rejoins or is never marked down):
   * a finding about the platform, judged "failed", never "broken".
   */
  | "platform";

export interface FiredrillErrorOptions {
  kind: ErrorKind;
  code: string;
  hint: string;
  evidence?: string;
  cause?: unknown;
}

export class FiredrillError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly hint: string;
  readonly evidence: string | undefined;

  constructor(message: string, options: FiredrillErrorOptions) {
    super(message, { cause: options.cause });
    this.name = "FiredrillError";
    this.kind = options.kind;
    this.code = options.code;
    this.hint = options.hint;
    this.evidence = options.evidence;
  }
}

export function inputError(code: string, message: string, hint: string): FiredrillError {
  return new FiredrillError(message, { kind: "input", code, hint });
}

export function environmentError(code: string, message: string, hint: string, evidence?: string): FiredrillError {
  return new FiredrillError(message, { kind: "environment", code, hint, evidence });
}

export function harnessError(
  code: string,
  message: string,
  hint: string,
  extra: { evidence?: string; cause?: unknown } = {},
): FiredrillError {
  return new FiredrillError(message, { kind: "harness", code, hint, ...extra });
}

/** The platform did not do what a scenario waits on it to do: a failed verdict, not a broken one. */
export function platformError(code: string, message: string, hint: string, extra: { evidence?: string; cause?: unknown } = {}): FiredrillError {
  return new FiredrillError(message, { kind: "platform", code, hint, ...extra });
}
