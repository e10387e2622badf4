import type { History } from "../history/history.ts";
import { type Interval, merge } from "./interval.ts";
import { type ScheduleWindow, starvedStretches } from "./probe-schedule.ts";
import type { JudgedRequest } from "./requests.ts";

export type UnseenHistory = ScheduleWindow & Pick<History, "writes" | "traffic">;

/**
 * The stretches of the window the harness did not see: the probe starved (a hole, a late
 * sample, a stalled runner) for more than `periods` probe periods, the load left more
 * than that late (a request sent late met the platform after its time, so what its time
 * held is unknown), or a load request failed during a stall. Merged, clipped to the window.
 */
export function unseenStretches(history: UnseenHistory, requests: readonly JudgedRequest[], periods: number): Interval[] {
  const limit = periods * history.probePeriodMs;
  const others = requests.filter((r) => r.source !== "probe");
  const late = others.filter((r) => r.lateMs > limit).map((r) => ({ start: r.at, end: r.at + r.lateMs }));
  // As for the probe's (starvedStretches): a request that failed while the runner was
  // stalled, however briefly, may have timed out on the runner's account.
  const stalledFailures = others.filter((r) => !r.ok).flatMap((r) => history.stalls.filter((s) => r.at <= s.to && r.at + r.latencyMs >= s.from).map((s) => ({ start: r.at, end: s.to })));
  return merge([...starvedStretches(history, periods), ...late, ...stalledFailures])
    .map((r) => ({ start: Math.max(r.start, history.t0), end: Math.min(r.end, history.windowEnd) }))
    .filter((r) => r.end > r.start);
}

/** Whether a request scheduled at `at` fell in an unseen stretch; a hole ends at the next sample, which was seen. */
export function inside(at: number, stretches: readonly Interval[]): boolean {
  return stretches.some((s) => at >= s.start && at < s.end);
}

/**
 * The probe samples a stretch should have held but does not: the requests nobody sent.
 * Each counts as a request whose outcome is unknown, beside those sent inside it.
 */
export function missingProbeSamples(stretches: readonly Interval[], requests: readonly JudgedRequest[], probePeriodMs: number): number {
  let missing = 0;
  for (const s of stretches) {
    const expected = Math.floor((s.end - s.start) / probePeriodMs);
    const present = requests.filter((r) => r.source === "probe" && r.at >= s.start && r.at <= s.end).length;
    missing += Math.max(0, expected - present);
  }
  return missing;
}
