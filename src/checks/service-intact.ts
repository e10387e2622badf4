import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { describeJudged, judgedConvergence } from "./convergence-time.ts";
import { formatOffset } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { snapshotsInWindow } from "./window.ts";

/**
 * A service that must not be touched while something else changes (blue during a
 * blue-green cutover): in every snapshot of the window it runs its desired tasks on
 * healthy hosts, with the image it had at the start.
 */
export function serviceIntact(history: History, services: readonly string[], name: string): CheckResult {
  return runCheck(name, "count", () => {
    const snapshots = snapshotsInWindow(history);
    if (snapshots.length === 0) throw new Error("no cluster snapshot in the window");
    const images = new Map(snapshots[0]!.services.filter((s) => services.includes(s.name)).map((s) => [s.name, s.image]));
    const missingAtStart = services.filter((s) => !images.has(s));
    if (missingAtStart.length > 0) return { status: "failed", measured: 1, detail: `${missingAtStart.join(", ")} not running at T0` };
    const scope = { ...history, services: [...services] };
    for (const snapshot of snapshots) {
      const judged = judgedConvergence(snapshot, scope);
      const changed = snapshot.services.filter((s) => images.has(s.name) && images.get(s.name) !== s.image);
      if (!judged.converged || changed.length > 0) {
        const why = [...(judged.converged ? [] : [describeJudged(judged)]), ...changed.map((s) => `${s.name} image changed to ${s.image}`)].join("; ");
        return { status: "failed", measured: 1, detail: `${services.join(", ")} not intact at ${formatOffset(snapshot.at, history.t0)}: ${why}` };
      }
    }
    return { status: "passed", measured: 0, detail: `${services.join(", ")} ran every desired task with the same image in all ${snapshots.length} snapshots` };
  });
}
