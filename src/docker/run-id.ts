import { randomBytes } from "node:crypto";

/**
 * A run id: short enough for container names (fd-<run>-host-1), lower case for DNS,
 * and starting with a letter so no tool mistakes it for a number.
 */
export function newRunId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(7);
  return "r" + [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

export function isRunId(value: string): boolean {
  return /^[a-z][a-z0-9-]{2,40}$/.test(value);
}
