import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { certificateExitCode, certificateFor, certificateHeadline, type Certificate } from "../../certify/certificate.ts";
import { certificateMarkdown } from "../../certify/certificate-markdown.ts";
import { drillEnvironment } from "../../drill/drill-environment.ts";
import { outputsIn, REPORT_OUTPUTS, writeDrillOutputs } from "../../drill/drill-outputs.ts";
import { formatPlan, planJson } from "../../drill/format-plan.ts";
import { type DrillPlan, resolvePlan } from "../../drill/plan.ts";
import { readResultsFile, type ResultsFile, runRecord } from "../../drill/run-record.ts";
import { mergeResults, type ShardResults } from "../../drill/merge-results.ts";
import { parseShard } from "../../drill/shard.ts";
import { inputError } from "../../errors/firedrill-error.ts";
import { paths } from "../../util/paths.ts";
import { parseTrafficSpec } from "../../traffic/traffic-spec.ts";
import { clearResults, runDrill } from "../../drill/run-drill.ts";
import { timeLimitFromEnvironment } from "../../drill/scenario-time-limit.ts";
import { summaryTable } from "../../drill/summary-table.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { newRunId } from "../../docker/run-id.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { loadNamedProfile } from "../../profiles/resolve-profile.ts";
import { CERTIFICATES, profileOutputsDir } from "../../report/report-paths.ts";
import { log, setQuiet } from "../../util/log.ts";
import { budgetFlags, inventoryToBreak } from "../drill-inputs.ts";
import { onInterrupt } from "../../util/interrupts.ts";
import { certificationRun, recordedProfile } from "../../certify/certification-run.ts";

export function certifyCommand(done: (code: number) => void): Command {
  return new Command("certify")
    .description("run the drill on each host configuration and write a certificate per profile (JSON and Markdown)")
    .option("--profile <file...>", "profile files (profiles/*.yaml), or their names (hardened)", ["default"])
    .option("--inventory <file>", "certify these machines (an inventory with allowFaults: true) instead of local labs; the profile gives the budgets and scenarios")
    .option("--allow-partial", "accept a subset (the profile's scenarios: key, or scenarios the stack cannot run): certified for N of M scenarios (exit 0), the rest listed as not covered")
    .option("--stack <dir>", "the stack to drill every profile with (a folder with stack.yaml, or a name of stacks/); default: each profile's stack:, else the default stack")
    .option("--budget <field=value...>", "override a budget for every scenario (listed as a waiver where it loosens one)")
    .option("--traffic <profile>", "traffic beside the probe in every scenario: probe (default), load:rate=N[,writes=0.05][,timeout=2s], load:concurrency=N, or k6:script.js (a k6 on PATH or FIREDRILL_K6)")
    .option("--shard <i/n>", "run only part i of n of each profile's scenarios (split by measured durations); each part's certificate is partial, `certify --merge` makes the whole one")
    .option("--merge <dir...>", "make each profile's certificate from the folders several `certify --shard` runs wrote (their FIREDRILL_REPORTS), starting nothing; refused (64) unless they were judged alike: the same firedrill code, profile, stack, plan, budgets, traffic, inventory, host facts, time limit and shard count")
    .option("--dry-run", "print each profile's plan (lab, stack, scenarios, budgets and their sources) and start nothing")
    .option("--json", "print one JSON object on stdout at the end: the certificates and where they were written")
    .option("--quiet", "no progress lines on stderr (warnings and errors still)")
    .addHelpText(
      "after",
      "\nA profile is certified only when every scenario there is ran and passed. A profile with a scenarios: subset is" +
        "\nnot certified (exit 1) unless --allow-partial; then its certificate says \"certified for N of M scenarios\" and" +
        "\nlists the others as not covered. Budgets the profile loosens are listed as waivers." +
        "\n\nWritten per profile: reports/certificates/<profile>.json and .md (the certificate), and" +
        "\nreports/certificates/<profile>/junit.xml and drill-results.json (that profile's results). With one profile," +
        "\nreports/junit.xml and reports/drill-results.json are that profile's too; with several they are removed (each" +
        "\nprofile's own are in its folder). The Allure results of every profile are kept in reports/allure-results." +
        "\n\nExit codes: 0 every profile certified (or partially, with --allow-partial), 1 one was not (a scenario failed or" +
        "\nleft no result, a subset without --allow-partial, no scenario of the catalog ran and passed, or the platform refused" +
        "\nthe configuration), 2 a run broke.",
    )
    .action(async (opts: CertifyOptions) => {
      setQuiet(Boolean(opts.quiet));
      const say = (text: string) => (opts.json ? process.stderr : process.stdout).write(text);
      if (opts.merge) {
        if (opts.shard || opts.inventory || opts.dryRun || opts.budget || opts.traffic || opts.stack) {
          throw inputError("MERGE_OPTIONS", "--merge makes certificates from results already judged; --shard, --inventory, --stack, --budget, --traffic and --dry-run do not apply to it", "Run `certify --merge DIR...` alone (with --allow-partial or --json if wanted).");
        }
        return done(await mergeCertificates(opts.merge, opts, say));
      }
      const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
      // Every input is checked before any lab starts: every profile's plan is resolved first.
      const timeLimitMs = timeLimitFromEnvironment();
      const flags = budgetFlags(opts.budget ?? []);
      const traffic = opts.traffic === undefined ? undefined : parseTrafficSpec(opts.traffic, "--traffic");
      const inventory = opts.inventory ? await inventoryToBreak(opts.inventory) : undefined;
      const plans: DrillPlan[] = [];
      for (const file of opts.profile) {
        const profile = await loadNamedProfile(file);
        plans.push(await resolvePlan({ profile, stack: opts.stack, budgetFlags: flags, traffic, runId: newRunId(), inventory, timeLimitMs, shard }));
      }
      if (opts.dryRun) {
        process.stdout.write(opts.json ? `${JSON.stringify(plans.map(planJson))}\n` : `${plans.map(formatPlan).join("\n\n")}\n`);
        return done(0);
      }
      const profiles = plans.map((p) => p.profile);
      const engine = await connectEngine();
      await clearResults();
      // Top-level outputs hold one drill; several profiles' would overwrite each other.
      if (profiles.length > 1) await Promise.all(Object.values(REPORT_OUTPUTS).map((file) => rm(file, { force: true })));
      const certificates: Certificate[] = [];
      const written: Written[] = [];
      for (const plan of plans) {
        const { profile, runId } = plan;
        log("certify", `${profile.name} (${profile.file}, digest ${profile.digest}) with stack ${plan.stack.name}: run ${runId}`);
        const unregister = onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
        const startedAt = Date.now();
        const run = await runDrill(plan, await drillEnvironment(engine, profile.name, inventory?.hosts.length ?? profile.lab.hosts, plan.stack.name, inventory), undefined, { spec: !opts.json && !opts.quiet });
        unregister();
        const record = runRecord(plan, run, startedAt, Date.now());
        // A shard's certificate covers its part only: the other parts are missing until merged.
        const certificate = certificateFor(certificationRun(record, run.results, profile), { allowPartial: opts.allowPartial });
        certificates.push(certificate);
        // Machines are certified under their inventory's name: one file per inventory and profile.
        const name = inventory ? `${inventory.name.toLowerCase().replace(/[^a-z0-9.-]+/g, "-")}-${profile.name}` : profile.name;
        written.push(await writeCertificate(name, certificate, { run: record, results: run.results }, profiles.length === 1, say));
      }
      const code = certificateExitCode(certificates);
      if (opts.json) process.stdout.write(`${JSON.stringify({ exitCode: code, certificates, files: written })}\n`);
      done(code);
    });
}

interface CertifyOptions {
  profile: string[];
  inventory?: string;
  allowPartial?: boolean;
  stack?: string;
  budget?: string[];
  traffic?: string;
  shard?: string;
  merge?: string[];
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
}

interface Written {
  profile: string;
  json: string;
  markdown: string;
}

/** The certificate (JSON and Markdown), the results it was made from, and its summary on the terminal. */
async function writeCertificate(name: string, certificate: Certificate, results: ResultsFile, alsoTopLevel: boolean, say: (text: string) => void): Promise<Written> {
  await mkdir(CERTIFICATES, { recursive: true });
  const files = { profile: certificate.profile.name, json: path.join(CERTIFICATES, `${name}.json`), markdown: path.join(CERTIFICATES, `${name}.md`) };
  await writeFile(files.json, JSON.stringify(certificate, null, 2));
  await writeFile(files.markdown, certificateMarkdown(certificate));
  await writeDrillOutputs(results, outputsIn(profileOutputsDir(name)), `firedrill ${name}`);
  if (alsoTopLevel) await writeDrillOutputs(results);
  say(`\n${name}: ${certificateHeadline(certificate)}${certificate.reason ? ` (${certificate.reason})` : ""}\n${summaryTable(results.results)}\n`);
  if (certificate.coverage.notCovered.length > 0) say(`not covered: ${certificate.coverage.notCovered.map((s) => `${s.name} (${s.why})`).join(", ")}\n`);
  for (const waiver of certificate.waivers) say(`waiver: ${waiver.scenario}: ${waiver.text}\n`);
  return files;
}

/**
 * certify --merge: one certificate per profile from the shards' folders, each holding
 * certificates/<name>/drill-results.json as `certify --shard` wrote it. Nothing starts.
 * A scenario no shard holds makes the certificate partial, and the exit code 1 unless
 * --allow-partial.
 */
async function mergeCertificates(dirs: readonly string[], opts: CertifyOptions, say: (text: string) => void): Promise<number> {
  const byName = new Map<string, ShardResults[]>();
  for (const dir of dirs) {
    const folder = path.join(path.resolve(dir), path.relative(paths.reports, CERTIFICATES));
    const names = await readdir(folder, { withFileTypes: true }).then(
      (entries) => entries.filter((e) => e.isDirectory()).map((e) => e.name),
      () => [] as string[],
    );
    if (names.length === 0) throw inputError("NO_RESULTS", `${folder} holds no certify results`, "Give the folders `certify --shard i/n` wrote (each run's FIREDRILL_REPORTS).");
    for (const name of names) {
      const file = outputsIn(path.join(folder, name)).results;
      byName.set(name, [...(byName.get(name) ?? []), { file, content: await readResultsFile(file) }]);
    }
  }
  // Every profile's shards are merged (or refused) before anything is written.
  const mergedByName = [...byName].map(([name, shards]) => [name, mergeResults(shards)] as const);
  const certificates: Certificate[] = [];
  const written: Written[] = [];
  for (const [name, merged] of mergedByName) {
    const { run } = merged;
    const certificate = certificateFor(certificationRun(run, merged.results, recordedProfile(run)), { allowPartial: opts.allowPartial });
    certificates.push(certificate);
    say(`${name}: merged ${run.shards.join(", ")}\n`);
    written.push(await writeCertificate(name, certificate, { run, results: merged.results }, mergedByName.length === 1, say));
  }
  // A merge missing a shard's scenarios is partial, and fails the job unless partial is accepted.
  const incomplete = mergedByName.some(([, merged]) => merged.run.missing.length > 0);
  const code = Math.max(certificateExitCode(certificates), incomplete && !opts.allowPartial ? 1 : 0);
  if (opts.json) process.stdout.write(`${JSON.stringify({ exitCode: code, certificates, files: written })}\n`);
  return code;
}
