import { inputError } from "../errors/firedrill-error.ts";

/** One of `total` parts of a drill's scenarios (1-based, as CI matrices count). */
export interface Shard {
  index: number;
  total: number;
}

export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

/** "2/3" -> { index: 2, total: 3 }; anything else is refused, naming the flag and the value. */
export function parseShard(text: string, flag = "--shard"): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || total > 64 || index < 1 || index > total) {
    throw inputError("SHARD_INVALID", `${flag} ${text} is not a shard: it takes i/n with 1 <= i <= n <= 64`, "Give the shard as CI numbers it, e.g. --shard 1/2 and --shard 2/2 on two machines.");
  }
  return { index, total };
}

/**
 * The names of the scenarios shard `index` of `total` runs: the plan cut into parts of
 * about the same length by the scenarios' measured durations (longest first, each to the
 * part with least so far, ties to the lower part). It depends only on the names, their
 * durations and the shard count, so every machine of a matrix cuts the same plan the
 * same way, and together the parts hold every scenario once. A scenario with no measured
 * duration counts as the median of those measured.
 */
export function shardOf(names: readonly string[], durationsMs: Readonly<Record<string, number>>, shard: Shard): string[] {
  const known = names.map((n) => durationsMs[n]).filter((d): d is number => d !== undefined).sort((a, b) => a - b);
  const fallback = known.length > 0 ? known[Math.floor(known.length / 2)]! : 60_000;
  const order = names.map((name, position) => ({ name, position, ms: durationsMs[name] ?? fallback })).sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
  const loads = Array.from({ length: shard.total }, () => 0);
  const parts: Array<typeof order> = Array.from({ length: shard.total }, () => []);
  for (const item of order) {
    const least = loads.indexOf(Math.min(...loads));
    loads[least] = (loads[least] ?? 0) + item.ms;
    parts[least]!.push(item);
  }
  // A shard runs its scenarios in the plan's own order (cheap, common failures first).
  return parts[shard.index - 1]!.sort((a, b) => a.position - b.position).map((item) => item.name);
}
