import type { CheckResult } from "../../checks/check-result.ts";
import { runCheck } from "../../checks/run-check.ts";
import { isInWindow, snapshotsInWindow } from "../../checks/window.ts";
import type { History } from "../../history/history.ts";

/**
 * The errors the platform reported for a service's tasks in the window, matching a
 * pattern: the evidence that a scenario's disturbance reached the platform (a pull
 * error, a bind error). None seen means the scenario did not exercise what it claims,
 * which is the harness's problem: unknown.
 */
export function taskErrors(history: History, service: string, pattern: RegExp, what: string): CheckResult {
  return runCheck(what, "count", () => {
    const errors = new Map<string, string>();
    // Only the observation window: the restore that follows redeploys and fails tasks of its own.
    for (const snapshot of snapshotsInWindow(history)) {
      for (const t of snapshot.tasks) {
        // Task history outlives the tasks: only what changed inside the window is this scenario's.
        if (!isInWindow(t.at, history)) continue;
        const text = `${t.error ?? ""} ${t.message ?? ""}`;
        // Container and endpoint ids differ on every retry; without them the same error reads as one.
        const message = String(t.error ?? t.message).replace(/[0-9a-f]{12,64}/g, "…");
        if (t.service === service && pattern.test(text)) errors.set(t.id, `${t.host}: ${message}`);
      }
    }
    if (errors.size === 0) {
      return { status: "unknown", measured: 0, detail: `no task of ${service} reported ${what}: the disturbance did not reach the platform` };
    }
    const examples = [...new Set(errors.values())].slice(0, 3).join(" | ");
    return { status: "passed", measured: errors.size, detail: `${errors.size} task(s) reported it, e.g. ${examples} (reported, no budget)` };
  });
}
