import type { History } from "../history/history.ts";
import type { Interval } from "./interval.ts";
import { starvationPeriodsFor } from "./probe-schedule.ts";
import { type JudgedRequest, requestsOf } from "./requests.ts";
import { inside, missingProbeSamples, unseenStretches } from "./unknown-stretches.ts";

export type WindowHistory = Pick<History, "samples" | "writes" | "traffic" | "stalls" | "t0" | "windowEnd" | "probePeriodMs">;

/** What every request figure of a window is taken from: what was seen, and what was not. */
export interface RequestWindow {
  from: number;
  to: number;
  probePeriodMs: number;
  /** Every request scheduled in the window, of every source. */
  requests: JudgedRequest[];
  /** Stretches the harness did not see (for the budget's strictness). */
  unseen: Interval[];
  /** The requests outside those stretches: their outcomes are the platform's. */
  seen: JudgedRequest[];
  /** Requests whose outcome is unknown: those sent inside an unseen stretch, and the probe samples it should have held. */
  unknown: number;
  /** Maximal failed stretches among the seen requests (see failedStretches). */
  failed: Interval[];
}

/**
 * The window's requests as a figure held to `budget` judges them: a zero budget counts a
 * shorter unseen stretch (starvationPeriodsFor). `from`/`to` narrow it (a cutover).
 */
export function requestWindow(history: WindowHistory, budget: number | undefined, from = history.t0, to = history.windowEnd): RequestWindow {
  const narrowed = { ...history, t0: from, windowEnd: to };
  const all = requestsOf(history);
  const requests = all.filter((r) => r.at >= from && r.at <= to);
  const unseen = unseenStretches(narrowed, requests, starvationPeriodsFor(budget));
  const seen = requests.filter((r) => !inside(r.at, unseen));
  const unknown = requests.length - seen.length + missingProbeSamples(unseen, requests, history.probePeriodMs);
  return { from, to, probePeriodMs: history.probePeriodMs, requests, unseen, seen, unknown, failed: failedStretches(seen, to) };
}

/**
 * Maximal stretches in which the requests failed: from a failure until the next success
 * of any source (a read answered, a write acknowledged), or the window's end. Any source
 * closes a stretch because each sees the platform at its own rate: a write every 2 s
 * that failed says nothing of the 20 reads answered after it. With the probe alone this
 * is the failed-probe interval, which errs by at most one probe period either way.
 */
export function failedStretches(requests: readonly JudgedRequest[], windowEnd: number): Interval[] {
  const out: Interval[] = [];
  let openedAt: number | undefined;
  for (const r of requests) {
    if (!r.ok && openedAt === undefined) openedAt = r.at;
    if (r.ok && openedAt !== undefined) {
      out.push({ start: openedAt, end: r.at });
      openedAt = undefined;
    }
  }
  if (openedAt !== undefined) out.push({ start: openedAt, end: windowEnd });
  return out;
}

/**
 * A window seen whole, from the probe's samples alone: the exact figures calibration and
 * the timeline draw, with no unseen stretch to bound.
 */
export function probeOnlyWindow(window: Pick<History, "samples" | "t0" | "windowEnd">): RequestWindow {
  const requests = requestsOf({ samples: window.samples, writes: [] }).filter((r) => r.at >= window.t0 && r.at <= window.windowEnd);
  return { from: window.t0, to: window.windowEnd, probePeriodMs: 0, requests, unseen: [], seen: requests, unknown: 0, failed: failedStretches(requests, window.windowEnd) };
}
