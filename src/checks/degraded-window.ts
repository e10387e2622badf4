import type { History } from "../history/history.ts";
import type { LbRequest } from "../stack/lb-log.ts";
import { formatFigure, formatOffset } from "./format.ts";
import type { CheckResult } from "./check-result.ts";
import { runCheck } from "./run-check.ts";

/**
 * How long the lbs kept sending requests to the halted host's tasks, from T0 to the last
 * one they sent there, counted from the lbs' own logs: a request sent to a dead task is
 * one whether it then failed, hung until its user gave up, or was retried on another task
 * (a retry hides it from users, not from the count). The probe cannot tell these apart:
 * an lb that retries answers it in time. Reported, not judged: it is the figure that shows
 * what health checks buy (the users' side is in the error ratio and the longest gap).
 */
export function degradedWindow(history: History): CheckResult {
  return runCheck("dead backends served traffic for", "ms", () => {
    const { targetHost = "the target host", targetAddresses = [], lbLog } = history.facts;
    if (targetAddresses.length === 0) throw new Error(`the addresses of ${targetHost}'s tasks were not recorded before the fault`);
    if (!lbLog) throw new Error("the lbs' logs were not read");
    if (lbLog.unread.length > 0) throw new Error(`the lbs' logs were not all read (${lbLog.unread.map((u) => `${u.host}: ${u.error}`).join("; ")}): a count from the others would be short`);
    const dead = new Set(targetAddresses);
    const inWindow = lbLog.requests.filter((r) => r.at >= history.t0 && r.at <= history.windowEnd);
    const there = inWindow.filter((r) => r.server !== undefined && dead.has(r.server));
    // HAProxy logs the server a request ended on; one redispatched after a failed try was
    // sent to another first: on a halt, to the dead host's task.
    const retried = inWindow.filter((r) => r.redispatched && !there.includes(r));
    const reached = [...there, ...retried].sort((a, b) => a.at - b.at);
    const first = reached[0];
    const last = reached.at(-1);
    const measured = last ? last.at - history.t0 : 0;
    const where = `${targetHost}'s tasks (${targetAddresses.join(", ")})`;
    const from = `the lbs of ${lbLog.hosts.join(", ")}, ${lbLog.logged} requests logged`;
    if (!first || !last) return { status: "passed", measured, detail: `no request reached ${where} (${from}; reported, no budget)` };
    const answered = there.filter(answeredThere).length;
    const outcomes = [`${there.length - answered} failed there`, ...(answered > 0 ? [`${answered} answered there`] : []), ...(retried.length > 0 ? [`${retried.length} retried on another task`] : [])];
    return {
      status: "passed",
      measured,
      detail:
        `${reached.length} requests reached ${where}, from ${formatOffset(first.at, history.t0)} to ${formatOffset(last.at, history.t0)} ` +
        `(${formatFigure(last.at - first.at, "ms")}): ${outcomes.join(", ")} (${from}; reported, no budget)`,
    };
  });
}

/**
 * A request the task answered (before its host went down): the session ended in or after
 * the response's data (%tsc's second letter), not while connecting or awaiting headers.
 */
function answeredThere(r: LbRequest): boolean {
  return ["-", "D", "L"].includes(r.termination[1] ?? "");
}
