/**
 * The state letter (R, S, T, ...) of each named process in `ps -eo stat=,comm=` output
 * ("Ssl  dockerd"): only the first letter of the stat, the state itself (T = stopped).
 * A name that runs as more than one process keeps the last one listed; one not running
 * is absent.
 */
export function processStates(ps: string, names: readonly string[]): Record<string, string> {
  const states: Record<string, string> = {};
  for (const line of ps.split("\n")) {
    const [stat, comm] = line.trim().split(/\s+/);
    if (comm && stat && names.includes(comm)) states[comm] = stat[0] ?? "?";
  }
  return states;
}
