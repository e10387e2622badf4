/**
 * Progress for people: one line per event on stderr, prefixed with the elapsed time
 * and the phase, so that stdout stays free for machine-readable output (--json).
 */
const started = Date.now();
let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

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

/** Times an async step and logs its duration; returns the step's value. */
export async function timed<T>(phase: string, what: string, step: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  log(phase, `${what}...`);
  const value = await step();
  log(phase, `${what}: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return value;
}
