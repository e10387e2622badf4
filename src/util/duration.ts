import { inputError } from "../errors/firedrill-error.ts";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses durations as users write them: "250ms", "30s", "2m", "1.5s", "1m30s".
 * A bare number is seconds. `where` names the flag or field in the error.
 */
export function parseDuration(text: string, where: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || consumed !== trimmed) {
    throw inputError(
      "BAD_DURATION",
      `${where}: "${text}" is not a duration`,
      'Write it as a number with a unit, for example "500ms", "30s", "2m" or "1m30s".',
    );
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] ?? 0), 0));
}
