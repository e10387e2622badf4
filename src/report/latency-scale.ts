import { niceCeil, type Lane } from "./timeline-kit.ts";

/** A y axis for latencies (ms) in one lane: where a latency falls, and the 3 values worth a labelled gridline. */
export interface LatencyScale {
  log: boolean;
  ticks: number[];
  y(ms: number): number;
}

/**
 * Linear (readable at a glance, band heights comparable) unless one second dwarfs the
 * others: when the ceiling is more than LOG_WHEN times the typical second's p99, a linear
 * axis leaves the typical seconds in the bottom tenth of the lane (7 px), their p50–p99
 * band a flat line. That is the usual shape of a drill (timeouts of seconds beside
 * answers of tens of ms), so it then goes logarithmic, from the decade below the lowest
 * p50 to the ceiling, and says so beside the axis.
 */
const LOG_WHEN = 10;

export function latencyScale(seconds: readonly { p50: number; p99: number }[], lane: Lane): LatencyScale {
  const p99s = seconds.map((s) => s.p99).sort((a, b) => a - b);
  // At least 10 ms, as the probe's own lane: a flat idle service still gets a sensible axis.
  const ceiling = niceCeil(Math.max(10, p99s.at(-1) ?? 0));
  const typical = p99s[Math.floor(p99s.length / 2)] ?? ceiling;
  if (ceiling <= LOG_WHEN * typical) return linear(ceiling, lane);
  const lowest = Math.min(...seconds.map((s) => s.p50));
  return logarithmic(10 ** Math.floor(Math.log10(Math.max(1, lowest))), ceiling, lane);
}

function linear(ceiling: number, lane: Lane): LatencyScale {
  const y = (ms: number) => lane.bottom - (Math.min(Math.max(ms, 0), ceiling) / ceiling) * (lane.bottom - lane.top);
  return { log: false, ticks: [0, ceiling / 2, ceiling], y };
}

/** `floor` a power of ten, `ceiling` more than ten times it (the caller's rule guarantees a decade between). */
function logarithmic(floor: number, ceiling: number, lane: Lane): LatencyScale {
  const [a, b] = [Math.log10(floor), Math.log10(ceiling)];
  const y = (ms: number) => lane.bottom - ((Math.log10(Math.min(Math.max(ms, floor), ceiling)) - a) / (b - a)) * (lane.bottom - lane.top);
  // The middle gridline: the power of ten nearest the middle of the lane, strictly inside it.
  const middle = 10 ** Math.min(Math.ceil(b) - 1, Math.max(a + 1, Math.round((a + b) / 2)));
  // A set: with sub-millisecond seconds the floor is clamped to 1 ms and may be the middle too.
  return { log: true, ticks: [...new Set([floor, middle, ceiling])], y };
}
