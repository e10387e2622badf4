/**
 * Progress for people: one line per event on stderr, prefixed with the elapsed time
 * and the phase, so that stdout stays free for machine-readable output (--json).
 */
const started = Date.now();

function stamp(): string {
  return `${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`;
}

export function log(phase: string, message: string): void {
  if (quiet) return;
  process.stderr.write(`${stamp()} [${phase}] ${message}\n`);
}

export function warn(phase: string, message: string): void {
  process.stderr.write(`${stamp()} [${phase}] warning: ${message}\n`);
}

let quiet = false;

/** --quiet: progress lines are left out; warnings and errors still go to stderr. */
export function setQuiet(value: boolean): void {
  quiet = value;
}

export function isQuiet(): boolean {
  return quiet;
}
