import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViews, describeUnseen } from "./cluster-views.ts";
import { describeJudged, judgedConvergence } from "./convergence-time.ts";
import { formatOffset } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { violations, violationsSeen } from "./violations.ts";

/**
 * A service that must not be touched while something else changes (blue during a
 * blue-green cutover): in every snapshot of the window it runs its desired tasks on
 * healthy hosts, with the image it had at the start. Measured: the views in which it was
 * not. A stretch no fresh view saw may have hidden a break: no pass over it.
 */
export function serviceIntact(history: History, services: readonly string[], name: string): CheckResult {
  return runCheck(name, "count", () => {
    const views = clusterViews(history);
    const snapshots = views.views;
    if (snapshots.length === 0) throw new Error("no cluster snapshot in the window");
    const images = new Map(snapshots[0]!.services.filter((s) => services.includes(s.name)).map((s) => [s.name, s.image]));
    const missingAtStart = services.filter((s) => !images.has(s));
    if (missingAtStart.length > 0) return { ...violations(1), detail: `${missingAtStart.join(", ")} not running at T0` };
    const scope = { ...history, services: [...services] };
    const broken = snapshots.flatMap((snapshot) => {
      const judged = judgedConvergence(snapshot, scope);
      const changed = snapshot.services.filter((s) => images.has(s.name) && images.get(s.name) !== s.image);
      if (judged.converged && changed.length === 0) return [];
      return [{ at: snapshot.at, why: [...(judged.converged ? [] : [describeJudged(judged)]), ...changed.map((s) => `${s.name} image changed to ${s.image}`)].join("; ") }];
    });
    const unseen = describeUnseen(views, history);
    const outcome = violationsSeen(broken.length, unseen !== "");
    const first = broken[0];
    if (first) {
      return { ...outcome, detail: `${services.join(", ")} not intact at ${formatOffset(first.at, history.t0)}: ${first.why}; in ${broken.length} of ${snapshots.length} snapshots` };
    }
    const seen = `${services.join(", ")} ran every desired task with the same image in all ${snapshots.length} snapshots`;
    return { ...outcome, detail: unseen ? `${seen}, but ${unseen}: it may not have then` : seen };
  });
}
