import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { benchAbort, formatAbortBench } from "../../bench/bench-abort.ts";
import { benchLab, formatLabBench } from "../../bench/bench-lab.ts";
import { measuredDurations } from "../../bench/bench-durations.ts";
import { readResultsFile } from "../../drill/run-record.ts";
import { DURATIONS_FILE, saveScenarioDurations, scenarioDurations } from "../../drill/scenario-durations.ts";
import { DRILL_RESULTS } from "../../report/report-paths.ts";
import { machineFigures } from "../../util/runner-figures.ts";
import { benchStability, formatStability } from "../../bench/bench-stability.ts";
import { benchTraffic, formatTrafficBench } from "../../bench/bench-traffic.ts";
import { benchTrust, formatTrust, trustExitCode } from "../../bench/bench-trust.ts";
import { CONTROL_NAMES, parseControlNames } from "../../bench/sabotage/control-names.ts";
import { differentBudgetsMerge } from "../../bench/sabotage/different-budgets-merge.ts";
import { missingScenario } from "../../bench/sabotage/missing-scenario.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { newRunId } from "../../docker/run-id.ts";
import { loadNamedProfile } from "../../profiles/resolve-profile.ts";
import { onInterrupt } from "../../util/interrupts.ts";
import { DrillRunner } from "../../drill/drill-runner.ts";
import { resolvePlan } from "../../drill/plan.ts";
import { DEFAULT_TIME_LIMIT_MS } from "../../drill/scenario-time-limit.ts";
import { loadStack } from "../../stack/load-stack.ts";
import { SCENARIOS } from "../../scenarios/definitions/index.ts";
import { parseScenarioNames } from "../../scenarios/scenario-names.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { paths } from "../../util/paths.ts";
import { integer, runId as runIdArg } from "../cli-options.ts";
import { inputError } from "../../errors/firedrill-error.ts";

export function benchCommand(done: (code: number) => void): Command {
  const bench = new Command("bench").description("measure firedrill itself: its speed (lab), its cleanup (abort), the spread of its figures (stability) and whether it catches sabotage (trust)");
  bench
    .command("lab")
    .description("cold image build time, and warm lab + stack bring-up time split by phase (median of --runs)")
    .option("--runs <n>", "warm bring-ups to take the median of", integer(1, 20), 3)
    .option("--no-cold", "skip the cold build (keeps the images)")
    .option("--stack <dir>", "the stack to bring up (default: the default stack, package.json firedrill.defaultStack)")
    .action(async (opts: { runs: number; cold: boolean; stack?: string }) => {
      const result = await benchLab(await connectEngine(), await loadStack(opts.stack), opts);
      process.stdout.write(formatLabBench(result) + "\n");
      await save("bench-lab.json", result);
      done(0);
    });
  bench
    .command("traffic")
    .description("the highest request rate firedrill's load sustains against the lab while its schedule lateness stays under one probe period (p99), with the runner's CPU and memory at each rate")
    .option("--rates <list>", "rates to try in order, requests per second, comma-separated", "100,200,300,400,500,600,800,1000")
    .option("--step <seconds>", "how long each rate runs", integer(2, 600), 10)
    .option("--run <id>", "on this existing lab instead of a new one", runIdArg)
    .option("--stack <dir>", "the stack to load (default: the default stack)")
    .action(async (opts: { rates: string; step: number; run?: string; stack?: string }) => {
      const rates = parseRates(opts.rates);
      const runner = await benchRunner(opts.run, opts.stack);
      const unregister = opts.run ? () => undefined : onInterrupt(`remove run ${runner.plan.runId}`, () => runner.close());
      try {
        const session = await runner.lab();
        const result = await benchTraffic(session.lab.edge.url, session.deployed, { rates, stepMs: opts.step * 1000 });
        process.stdout.write(formatTrafficBench(result) + "\n");
        await save("bench-traffic.json", result);
        done(0);
      } finally {
        await runner.close();
        unregister();
      }
    });
  bench
    .command("abort")
    .description("interrupt a drill at seeded random moments (SIGINT, SIGTERM, SIGKILL) and check nothing is left each time")
    .option("--times <n>", "interruptions", integer(1, 1000), 10)
    .option("--seed <n>", "seed of the moments and signals (the same seed replays the same run)", integer(0, 2 ** 31), 1)
    .option("--scenario <name>", "the scenario the drill runs", "daemon-freeze")
    .option("--max-delay <seconds>", "latest moment of an interruption after the drill starts", integer(2, 3600), 65)
    .action(async (opts: { times: number; seed: number; scenario: string; maxDelay: number }) => {
      const rounds = await benchAbort(await connectEngine(), { times: opts.times, seed: opts.seed, scenario: opts.scenario, maxDelayMs: opts.maxDelay * 1000 });
      process.stdout.write(formatAbortBench(rounds) + "\n");
      await save("bench-abort.json", rounds);
      done(rounds.some((r) => r.left.length > 0) ? 1 : 0);
    });
  bench
    .command("stability")
    .description("run each scenario several times on one lab and print its verdicts and the spread of its figures")
    .option("--runs <n>", "runs per scenario", integer(1, 50), 5)
    .option("--scenario <names>", "only these scenarios, comma-separated")
    .option("--run <id>", "on this existing lab instead of a new one")
    .option("--stack <dir>", "the stack to drill (default: the default stack, package.json firedrill.defaultStack)")
    .action(async (opts: { runs: number; scenario?: string; run?: string; stack?: string }) => {
      const names = parseScenarioNames(opts.scenario);
      const scenarios = SCENARIOS.filter((s) => !names || names.includes(s.name));
      const runner = await benchRunner(opts.run, opts.stack);
      try {
        const rows = await benchStability(await runner.lab(), scenarios, opts.runs);
        process.stdout.write(formatStability(rows) + "\n");
        await save("bench-stability.json", rows);
        done(rows.some((r) => r.verdicts.some((v) => v !== "passed")) ? 1 : 0);
      } finally {
        await runner.close();
      }
    });
  bench
    .command("durations")
    .description("measure each scenario's duration from drills' results and keep them in the repository: what `--shard` balances the parts by")
    .option("--from <file...>", "drill-results.json files of whole drills (the median is kept)", [DRILL_RESULTS])
    .action(async (opts: { from: string[] }) => {
      const files = await Promise.all(opts.from.map((file) => readResultsFile(file)));
      const durations = measuredDurations(files, scenarioDurations());
      const machine = machineFigures();
      await saveScenarioDurations(durations, `${machine.cores} cores, ${machine.memoryGiB} GiB; from ${files.map((f) => `run ${f.run.runId}`).join(", ")}`);
      for (const [name, ms] of Object.entries(durations).sort(([, a], [, b]) => b - a)) process.stdout.write(`${name.padEnd(28)} ${(ms / 1000).toFixed(1).padStart(6)}s\n`);
      process.stdout.write(`kept in ${path.relative(process.cwd(), DURATIONS_FILE)}\n`);
      done(0);
    });
  bench
    .command("trust")
    .description("negative controls: sabotage the lab behind the harness's back during real scenarios; each must be caught")
    .option("--only <names>", `only these controls, comma-separated (${CONTROL_NAMES.join(", ")})`)
    .option("--run <id>", "on this existing lab instead of a new one", runIdArg)
    .option("--stack <dir>", "the stack to drill (default: the default stack, package.json firedrill.defaultStack)")
    .addHelpText("after", "\nPrints a table and `caught N of N` last. Exit 0 every control caught (and the lab restored after each), 1 otherwise.")
    .action(async (opts: { only?: string; run?: string; stack?: string }) => {
      const selection = parseControlNames(opts.only);
      const profile = selection.results.length > 0 ? await loadNamedProfile("default") : undefined;
      const results = profile ? [missingScenario(profile), differentBudgetsMerge(profile)].filter((c) => selection.results.includes(c.name)) : [];
      const engine = await connectEngine();
      const runner = await benchRunner(opts.run, opts.stack);
      const runId = runner.plan.runId;
      // One lab for the bench, removed at the end and on Ctrl-C too (unless it was given).
      const unregister = opts.run ? () => undefined : onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
      try {
        const result = await benchTrust(await runner.lab(), selection.sabotages, results);
        await save("bench-trust.json", result);
        process.stdout.write(formatTrust(result) + "\n");
        done(trustExitCode(result));
      } finally {
        await runner.close();
        unregister();
      }
    });
  return bench;
}

/** The default profile's drill on a new lab (or `run`), for benches that run scenarios themselves. */
async function benchRunner(run: string | undefined, stack: string | undefined): Promise<DrillRunner> {
  const plan = await resolvePlan({ profile: await loadNamedProfile("default"), stack, runId: run ?? newRunId(), attach: Boolean(run), timeLimitMs: DEFAULT_TIME_LIMIT_MS });
  return new DrillRunner(plan);
}

async function save(name: string, data: unknown): Promise<void> {
  await mkdir(paths.reports, { recursive: true });
  await writeFile(path.join(paths.reports, name), JSON.stringify(data, null, 2));
}

/** "100,200,500" -> [100, 200, 500]: each a whole number of requests per second. */
function parseRates(text: string): number[] {
  const rates = text.split(",").map((r) => r.trim());
  if (rates.some((r) => !/^\d+$/.test(r) || Number(r) < 1 || Number(r) > 5000)) {
    throw inputError("TRAFFIC_INVALID", `--rates: "${text}" is not a list of whole numbers from 1 to 5000`, "Write it as --rates 100,200,500.");
  }
  return rates.map(Number);
}
