/** A stretch of time, ms since the epoch: [start, end). */
export interface Interval {
  start: number;
  end: number;
}

export function lengthOf(interval: Interval): number {
  return interval.end - interval.start;
}

/** Overlapping or touching intervals joined, sorted by start. */
export function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** The parts of `intervals` outside `holes`. */
export function subtract(intervals: readonly Interval[], holes: readonly Interval[]): Interval[] {
  let pieces = intervals.map((i) => ({ ...i }));
  for (const hole of holes) {
    pieces = pieces.flatMap((p) => {
      if (hole.end <= p.start || hole.start >= p.end) return [p];
      const out: Interval[] = [];
      if (hole.start > p.start) out.push({ start: p.start, end: hole.start });
      if (hole.end < p.end) out.push({ start: hole.end, end: p.end });
      return out;
    });
  }
  return pieces;
}
