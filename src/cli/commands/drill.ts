import { Command } from "commander";
import { drillExitCode, summaryTable } from "../../drill/summary-table.ts";
import { clearResults, runDrill } from "../../drill/run-drill.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { inputError } from "../../errors/firedrill-error.ts";
import { validateBudget } from "../../checks/validate-budget.ts";
import { RECORDER_DEFAULTS } from "../../scenarios/history-recorder.ts";
import { newRunId } from "../../lab/run-id.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { SCENARIOS } from "../../scenarios/definitions/index.ts";
import { parseScenarioNames } from "../../scenarios/scenario-names.ts";
import { drillEnvironment } from "../../drill/drill-environment.ts";
import { writeDrillOutputs } from "../../drill/drill-outputs.ts";
import { runId as runIdArg } from "../cli-options.ts";
import { drillConfigFor } from "../../drill/profile-config.ts";
import { unexplainedFailures } from "../../drill/missing-results.ts";
import { DEFAULT_TIME_LIMIT_MS, TIME_LIMIT_ENV, timeLimitFromEnvironment } from "../../drill/scenario-time-limit.ts";
import { loadNamedProfile } from "../../profiles/resolve-profile.ts";
import { onInterrupt } from "../interrupts.ts";

export function drillCommand(done: (code: number) => void): Command {
  return new Command("drill")
    .description("the nightly job: start a lab, run every scenario (or those named) on it, judge them, remove the lab")
    .option("--scenario <names>", "only these scenarios, comma-separated (see --list)")
    .option("--list", "list the scenarios")
    .option("--run <id>", "run on this existing lab (from `firedrill up --detach`) instead of starting one", runIdArg)
    .option("--profile <file>", "the host configuration to drill (profiles/*.yaml or its name); default: profiles/default.yaml", "default")
    .option("--budget <field=value...>", "override a budget for every scenario, e.g. --budget errorRatio=0.05 convergenceMs=30000")
    .addHelpText(
      "after",
      "\nExit codes: 0 every selected scenario passed, 1 a budget was missed, 2 the harness broke (a scenario could not be judged," +
        "\nhit its time limit, or left no result; or mocha counted a failure no verdict explains), 64 a selection that runs nothing" +
        "\nor names a scenario outside the profile's scenarios: list (refused before anything starts)." +
        `\nEach scenario may run ${DEFAULT_TIME_LIMIT_MS / 60_000} minutes (${TIME_LIMIT_ENV}=90s, 20m... to change it); one that does not finish` +
        "\nis broken and its lab removed (with --run: no further scenario runs on that lab).",
    )
    .action(async (opts: { scenario?: string; list?: boolean; run?: string; profile: string; budget?: string[] }) => {
      if (opts.list) {
        for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(28)} ${s.title}\n`);
        return done(0);
      }
      // Every input is checked before the engine is touched: a selection that runs
      // nothing, or names a scenario the profile leaves out, costs no lab.
      const scenarios = parseScenarioNames(opts.scenario);
      const budget = validateBudget(parseBudgetFlags(opts.budget ?? []), "--budget", RECORDER_DEFAULTS.probePeriodMs);
      const timeLimitMs = timeLimitFromEnvironment();
      const profile = await loadNamedProfile(opts.profile);
      const runId = opts.run ?? newRunId();
      const config = { ...drillConfigFor(profile, runId, scenarios), runId: opts.run, timeLimitMs };
      config.budgets.flags = budget;
      const engine = await connectEngine();
      if (!opts.run) onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
      await clearResults();
      const { results, failures, failureMessages } = await runDrill(config, await drillEnvironment(engine, profile.name, profile.lab.hosts));
      await writeDrillOutputs(results);
      process.stdout.write(`\n${summaryTable(results)}\n`);
      const unexplained = unexplainedFailures(results, failures);
      if (unexplained > 0) process.stdout.write(`\nmocha counted ${unexplained} failure(s) no scenario's verdict accounts for (exit 2):\n${failureMessages.map((m) => `  ${m}`).join("\n")}\n`);
      done(drillExitCode(results, failures));
    });
}

/** "errorRatio=0.05" -> { errorRatio: 0.05 }; validation (names, ranges) is validateBudget's. */
function parseBudgetFlags(pairs: readonly string[]): Record<string, unknown> {
  const budget: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [field, value, ...rest] = pair.split("=");
    if (!field || value === undefined || rest.length > 0 || value.trim() === "" || !Number.isFinite(Number(value))) {
      throw inputError("BUDGET_INVALID", `--budget: "${pair}" is not field=number`, "Write it as field=number, for example --budget errorRatio=0.05.");
    }
    budget[field] = Number(value);
  }
  return budget;
}
