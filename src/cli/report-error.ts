import { FiredrillError } from "../errors/firedrill-error.ts";

/** Prints an error for a person: what went wrong, its code, what to do, what was seen. */
export function reportError(error: unknown): void {
  // `await using` wraps an error raised while cleaning up after another one: both matter.
  // (Node 20 has no global SuppressedError; the transpiler makes its own, so match the shape.)
  if (isSuppressed(error)) {
    reportError(error.suppressed);
    process.stderr.write("firedrill: and then, while cleaning up:\n");
    reportError(error.error);
    return;
  }
  if (error instanceof AggregateError) {
    process.stderr.write(`firedrill: ${error.message}\n`);
    for (const inner of error.errors) reportError(inner);
    return;
  }
  if (error instanceof FiredrillError) {
    const lines = [`firedrill: ${error.message}`, `  code: ${error.code}`, `  fix:  ${error.hint}`];
    if (error.evidence) {
      lines.push("  evidence (last lines):", ...error.evidence.split("\n").map((l) => `    | ${l}`));
    }
    process.stderr.write(lines.join("\n") + "\n");
    return;
  }
  const e = error as Error;
  process.stderr.write(`firedrill: internal error: ${e?.stack ?? String(error)}\n`);
  process.stderr.write("  This is a defect in firedrill; please report it with the output above.\n");
}

function isSuppressed(error: unknown): error is { error: unknown; suppressed: unknown } {
  return error instanceof Error && error.name === "SuppressedError" && "suppressed" in error && "error" in error;
}
