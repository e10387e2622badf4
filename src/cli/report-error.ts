import { FiredrillError } from "../errors/firedrill-error.ts";

/** Prints an error for a person: what went wrong, its code, what to do, what was seen. */
export function reportError(error: unknown): void {
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
