import type { History } from "../history/history.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { samplesInWindow, type ProbeWindow } from "./window.ts";

export interface ErrorRatio {
  failed: number;
  total: number;
  ratio: number;
}

/** Undefined when the window holds no sample: 0/0 is not a ratio. */
export function errorRatio(window: ProbeWindow): ErrorRatio | undefined {
  const samples = samplesInWindow(window);
  if (samples.length === 0) return undefined;
  const failed = samples.filter((s) => !s.ok).length;
  return { failed, total: samples.length, ratio: failed / samples.length };
}

export function checkErrorRatio(history: History, budget: Budget): CheckResult {
  const limit = budget.errorRatio;
  return runCheck(
    "error ratio",
    "ratio",
    () => {
      const r = errorRatio(history);
      if (r === undefined) return { status: "unknown", budget: limit, detail: withBudget("no probe samples in the window", limit, "ratio") };
      const sentence = `${formatFigure(r.ratio, "ratio")} of requests failed, ${r.failed} of ${r.total}`;
      return { status: againstBudget(r.ratio, limit), measured: r.ratio, budget: limit, detail: withBudget(sentence, limit, "ratio") };
    },
    limit,
  );
}
