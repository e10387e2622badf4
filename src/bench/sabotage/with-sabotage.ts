import { onInterrupt } from "../../util/interrupts.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { ScenarioContext } from "../../scenarios/scenario-context.ts";
import { log } from "../../util/log.ts";
import { sleep } from "../../util/wait-for.ts";
import type { Sabotage, SabotageTrace } from "./sabotage.ts";

/** After a sabotage that outlasted the scenario's own observation: how long to watch for recovery. */
const WATCH_AFTER_MS = 60_000;

/**
 * The scenario as it is, except that while its method runs the sabotage acts at its
 * moment after T0. Everything else (phases, probes, checks, budgets, restore) is the
 * normal drill's. The sabotage is always undone before the method returns, so the
 * scenario's own revert and restore find the lab as the scenario left it; whatever of
 * the sabotage is still there afterwards breaks the run (the control is void).
 */
export function withSabotage(scenario: Scenario, sabotage: Sabotage, trace: SabotageTrace = { errors: [] }): Scenario {
  return {
    ...scenario,
    async method(ctx) {
      const methodEnded = new AbortController();
      // On a lab the bench did not start (--run), an interrupt must not leave the sabotage behind.
      const unregister = sabotage.undo ? onInterrupt(`undo sabotage ${sabotage.name}`, () => sabotage.undo!(ctx)) : () => undefined;
      const acting = act(ctx, sabotage, trace, methodEnded.signal);
      let failure: unknown;
      try {
        await scenario.method(ctx);
      } catch (error) {
        failure = error;
      }
      const methodEndedAt = Date.now();
      methodEnded.abort();
      await acting;
      await undo(ctx, sabotage, trace);
      unregister();
      if (failure) throw failure;
      if (trace.errors.length > 0) throw new Error(`sabotage ${sabotage.name}: ${trace.errors.join("; ")}`);
      // The window must hold the whole sabotage and what follows it: a recovery the
      // observation never waited for would be a catch by accident.
      if (trace.endedAt !== undefined && ctx.history.t0 + trace.endedAt > methodEndedAt) {
        log("sabotage", `${sabotage.name} outlasted the scenario's observation: watching for recovery`);
        await ctx.observe({ maxMs: Date.now() - ctx.history.t0 + WATCH_AFTER_MS, settleMs: 5000 });
      }
    },
  };
}

/** Waits for T0 and the sabotage's moment, then does it; never throws (errors go to the trace). */
async function act(ctx: ScenarioContext, sabotage: Sabotage, trace: SabotageTrace, methodEnded: AbortSignal): Promise<void> {
  // T0 is known only once the scenario's action returns (it is dated just before it), so
  // the sabotage acts at its moment after T0, or as soon as T0 is known if that is later.
  while (ctx.history.t0 === 0 && !methodEnded.aborted) await sleep(50);
  const due = ctx.history.t0 + sabotage.afterT0Ms;
  while (Date.now() < due && !methodEnded.aborted) await sleep(Math.min(50, due - Date.now()));
  if (methodEnded.aborted) {
    trace.errors.push(`the scenario's method ended before T0+${sabotage.afterT0Ms / 1000}s, when the sabotage was due`);
    return;
  }
  log("sabotage", `${sabotage.name}: acting at T0+${(sinceT0(ctx) / 1000).toFixed(1)}s (the harness is not told)`);
  trace.actedAt = sinceT0(ctx);
  try {
    await sabotage.during(ctx);
  } catch (error) {
    trace.errors.push(`could not act: ${(error as Error).message}`);
  }
  trace.endedAt = sinceT0(ctx);
}

/** Undoes it and proves it gone, before the scenario's own revert and restore run. */
async function undo(ctx: ScenarioContext, sabotage: Sabotage, trace: SabotageTrace): Promise<void> {
  try {
    await sabotage.undo?.(ctx);
    trace.undoneAt = ctx.history.t0 ? sinceT0(ctx) : undefined;
    const left = (await sabotage.leftovers?.(ctx.lab, ctx.subject)) ?? [];
    if (left.length > 0) trace.errors.push(`still in the lab after its undo: ${left.join("; ")}`);
    else log("sabotage", `${sabotage.name}: undone`);
  } catch (error) {
    trace.errors.push(`could not be undone: ${(error as Error).message}`);
  }
}

function sinceT0(ctx: ScenarioContext): number {
  return Date.now() - ctx.history.t0;
}
