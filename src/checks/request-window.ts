import type { History } from "../history/history.ts";
import { formatOffset } from "./format.ts";
import { type Interval, lengthOf } from "./interval.ts";
import { starvationPeriodsFor } from "./probe-schedule.ts";
import { type JudgedRequest, requestsOf, timesOutages } from "./requests.ts";
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
  failed: FailedStretch[];
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

/** A failed stretch: from a failure until the next success of the same sender, or the window's end (`open`). */
export interface FailedStretch extends Interval {
  open: boolean;
}

/**
 * Maximal stretches in which requests failed, each sender's own: from its failure until
 * its next success, or the window's end; merged over the senders. Each sender sees the
 * platform its own way (the probe opens a connection per request, the load keeps its
 * own alive), so one's success does not close another's outage: new connections refused
 * for 5 s while kept-alive ones are served is a 5 s outage. Only the senders that keep a
 * rate of many requests a second time outages (timesOutages). With the probe alone this is
 * the failed-probe interval, which errs by at most one probe period either way.
 */
export function failedStretches(requests: readonly JudgedRequest[], windowEnd: number): FailedStretch[] {
  const bySender = new Map<string, JudgedRequest[]>();
  for (const r of requests) {
    if (!timesOutages(r.source)) continue;
    // The load's reads and writes share its connections: one sender.
    const sender = r.source.startsWith("load") ? "load" : r.source;
    const list = bySender.get(sender);
    if (list) list.push(r);
    else bySender.set(sender, [r]);
  }
  const stretches: FailedStretch[] = [];
  for (const list of bySender.values()) {
    let openedAt: number | undefined;
    for (const r of list) {
      if (!r.ok && openedAt === undefined) openedAt = r.at;
      if (r.ok && openedAt !== undefined) {
        stretches.push({ start: openedAt, end: r.at, open: false });
        openedAt = undefined;
      }
    }
    if (openedAt !== undefined) stretches.push({ start: openedAt, end: windowEnd, open: true });
  }
  const sorted = stretches.sort((a, b) => a.start - b.start);
  const out: FailedStretch[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.open = s.open;
      else if (s.end === last.end) last.open ||= s.open;
      last.end = Math.max(last.end, s.end);
    } else out.push({ ...s });
  }
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

/** "; 1.2s of the window unseen (T0+3s to T0+4.2s)": why a figure is a range. */
export function unseenNote(window: RequestWindow): string {
  if (window.unseen.length === 0) return "";
  const total = window.unseen.reduce((sum, s) => sum + lengthOf(s), 0);
  const where = window.unseen.map((s) => `${formatOffset(s.start, window.from)} to ${formatOffset(s.end, window.from)}`).join(", ");
  return `; ${total}ms of it unseen by the harness (${where}), so the figure is a range`;
}
