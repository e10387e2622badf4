import { Command } from "commander";
import { formatPlan, planJson } from "../../drill/format-plan.ts";
import { drillJson } from "../../drill/drill-json.ts";
import { drillEnvironment } from "../../drill/drill-environment.ts";
import { REPORT_OUTPUTS, writeDrillOutputs } from "../../drill/drill-outputs.ts";
import { unexplainedFailures } from "../../drill/missing-results.ts";
import { resolvePlan } from "../../drill/plan.ts";
import { runRecord } from "../../drill/run-record.ts";
import { parseShard } from "../../drill/shard.ts";
import { parseTrafficSpec } from "../../traffic/traffic-spec.ts";
import { clearResults, runDrill } from "../../drill/run-drill.ts";
import { DEFAULT_TIME_LIMIT_MS, TIME_LIMIT_ENV, timeLimitFromEnvironment } from "../../drill/scenario-time-limit.ts";
import { drillExitCode, summaryTable } from "../../drill/summary-table.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { requireRun } from "../../lab/require-run.ts";
import { stackOnLab } from "../../drill/lab-stack.ts";
import { inputError } from "../../errors/firedrill-error.ts";
import { newRunId } from "../../docker/run-id.ts";
import { loadNamedProfile } from "../../profiles/resolve-profile.ts";
import { ALLURE_RESULTS } from "../../report/report-paths.ts";
import { SCENARIO_SUITES } from "../../scenarios/definitions/index.ts";
import { parseScenarioNames } from "../../scenarios/scenario-names.ts";
import { setQuiet } from "../../util/log.ts";
import { runnerPeakRssMb } from "../../util/runner-figures.ts";
import { runId as runIdArg } from "../cli-options.ts";
import { budgetFlags, inventoryToBreak } from "../drill-inputs.ts";
import { onInterrupt } from "../../util/interrupts.ts";

interface DrillOptions {
  scenario?: string;
  list?: boolean;
  run?: string;
  profile: string;
  stack?: string;
  inventory?: string;
  budget?: string[];
  traffic?: string;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  shard?: string;
}

export function drillCommand(done: (code: number) => void): Command {
  return new Command("drill")
    .description("the nightly job: start a lab, deploy the stack, run every scenario (or those named) on it, judge them, remove the lab")
    .option("--scenario <names>", "only these scenarios, comma-separated (see --list)")
    .option("--list", "list the scenarios")
    .option("--run <id>", "run on this existing lab (from `firedrill up --detach`) instead of starting one", runIdArg)
    .option("--profile <file>", "the host configuration to drill (a profile file, or a name: ./<name>.yaml, ./profiles/<name>.yaml, firedrill's profiles/)", "default")
    .option("--inventory <file>", "drill these machines (an inventory: hosts by TLS or SSH, with allowFaults: true) instead of a new local lab")
    .option("--stack <dir>", "the stack to drill: a folder with stack.yaml (or a name of stacks/); default: the profile's stack:, else the default stack")
    .option("--budget <field=value...>", "override a budget for every scenario, e.g. --budget errorRatio=0.05 convergenceMs=30000")
    .option("--traffic <profile>", "traffic beside the probe in every scenario: probe (default), load:rate=N[,writes=0.05][,timeout=2s], load:concurrency=N, or k6:script.js (a k6 on PATH or FIREDRILL_K6)")
    .option("--shard <i/n>", "run only part i of n of the plan, split by the scenarios' measured durations (the same split on every machine); merge the parts with `firedrill report --merge`")
    .option("--dry-run", "print the plan (lab, stack, scenarios, every budget and where it came from) and start nothing")
    .option("--json", "print one JSON object on stdout at the end (verdicts, figures, budgets, output paths); progress stays on stderr")
    .option("--quiet", "no progress lines on stderr (warnings and errors still)")
    .addHelpText(
      "after",
      "\nExit codes: 0 every selected scenario passed (or was skipped: the stack does not declare what it needs), 1 a budget" +
        "\nwas missed, 2 the harness broke (a scenario could not be judged, hit its time limit, or left no result; or mocha" +
        "\ncounted a failure no verdict explains), 64 a selection that runs nothing or names a scenario outside the profile's" +
        "\nscenarios: list or an inventory without allowFaults: true, 65 a bad profile, stack manifest or inventory, 66 a\nprofile, stack, inventory or --run that is not there (all refused" +
        "\nbefore anything starts)." +
        `\nEach scenario may run ${DEFAULT_TIME_LIMIT_MS / 60_000} minutes (${TIME_LIMIT_ENV}=90s, 20m... to change it); one that does not finish` +
        "\nis broken and its lab removed (with --run: no further scenario runs on that lab).",
    )
    .action(async (opts: DrillOptions) => {
      if (opts.list) {
        for (const suite of SCENARIO_SUITES) for (const s of suite.scenarios) process.stdout.write(`${s.name.padEnd(28)} ${s.title}\n`);
        return done(0);
      }
      setQuiet(Boolean(opts.quiet));
      // Every input is checked before the engine is touched: a selection that runs
      // nothing, a scenario the profile leaves out, a bad stack manifest, cost no lab.
      const only = parseScenarioNames(opts.scenario);
      const flags = budgetFlags(opts.budget ?? []);
      const traffic = opts.traffic === undefined ? undefined : parseTrafficSpec(opts.traffic, "--traffic");
      const timeLimitMs = timeLimitFromEnvironment();
      const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
      const profile = await loadNamedProfile(opts.profile);
      if (opts.run && opts.inventory) throw inputError("RUN_AND_INVENTORY", "--run and --inventory name two different labs", "Give one: --run for a lab of `firedrill up --detach`, --inventory for machines.");
      const inventory = opts.inventory ? await inventoryToBreak(opts.inventory) : undefined;
      const runId = opts.run ?? newRunId();
      const planFor = (stack: string | undefined) => resolvePlan({ profile, stack, only, budgetFlags: flags, traffic, runId, attach: Boolean(opts.run), inventory, timeLimitMs, shard });
      let plan = await planFor(opts.stack);
      if (opts.dryRun) {
        process.stdout.write(opts.json ? `${JSON.stringify(planJson(plan))}\n` : `${formatPlan(plan)}\n`);
        return done(0);
      }
      const engine = await connectEngine();
      if (opts.run) {
        await requireRun(engine, opts.run);
        // A lab runs one stack: drill that one, unless another was asked for by name.
        const onLab = await stackOnLab(engine, opts.run);
        if (onLab.name !== plan.stack.name) {
          if (opts.stack || profile.stack) {
            throw inputError("STACK_MISMATCH", `--run ${opts.run} runs the stack ${onLab.name} (${onLab.dir}); this drill asks for ${plan.stack.name} (${plan.stack.dir})`, `Leave out --stack (and the profile's stack:) to drill the lab's own stack, or start a lab of ${plan.stack.name}: firedrill up --detach --stack ${plan.stack.dir}.`);
          }
          plan = await planFor(onLab.dir);
        }
      } else onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
      await clearResults();
      const environment = await drillEnvironment(engine, profile.name, inventory?.hosts.length ?? profile.lab.hosts, plan.stack.name, inventory);
      const startedAt = Date.now();
      const run = await runDrill(plan, environment, undefined, { spec: !opts.json && !opts.quiet });
      const { results, failures, failureMessages } = run;
      await writeDrillOutputs({ run: runRecord(plan, run, startedAt, Date.now()), results });
      const code = drillExitCode(results, failures);
      const unexplained = unexplainedFailures(results, failures);
      const summary = `\n${summaryTable(results)}\nrunner peak RSS ${runnerPeakRssMb()} MB\n${unexplained > 0 ? `\nmocha counted ${unexplained} failure(s) no scenario's verdict accounts for (exit 2):\n${failureMessages.map((m) => `  ${m}`).join("\n")}\n` : ""}`;
      if (opts.json) {
        process.stderr.write(summary);
        process.stdout.write(`${JSON.stringify(drillJson(plan, results, code, { allureResults: ALLURE_RESULTS, ...REPORT_OUTPUTS }))}\n`);
      } else {
        process.stdout.write(summary);
      }
      done(code);
    });
}
