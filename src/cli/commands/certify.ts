import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { certificateExitCode, certificateFor, certificateHeadline, type Certificate } from "../../certify/certificate.ts";
import { certificateMarkdown } from "../../certify/certificate-markdown.ts";
import { drillEnvironment } from "../../drill/drill-environment.ts";
import { outputsIn, REPORT_OUTPUTS, writeDrillOutputs } from "../../drill/drill-outputs.ts";
import { formatPlan, planJson } from "../../drill/format-plan.ts";
import { type DrillPlan, resolvePlan } from "../../drill/plan.ts";
import { drillTraffic } from "../../drill/plan-traffic.ts";
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

export function certifyCommand(done: (code: number) => void): Command {
  return new Command("certify")
    .description("run the drill on each host configuration and write a certificate per profile (JSON and Markdown)")
    .option("--profile <file...>", "profile files (profiles/*.yaml), or their names (hardened)", ["default"])
    .option("--inventory <file>", "certify these machines (an inventory with allowFaults: true) instead of local labs; the profile gives the budgets and scenarios")
    .option("--allow-partial", "accept a subset (the profile's scenarios: key, or scenarios the stack cannot run): certified for N of M scenarios (exit 0), the rest listed as not covered")
    .option("--stack <dir>", "the stack to drill every profile with (a folder with stack.yaml, or a name of stacks/); default: each profile's stack:, else the default stack")
    .option("--budget <field=value...>", "override a budget for every scenario (listed as a waiver where it loosens one)")
    .option("--traffic <profile>", "traffic beside the probe in every scenario: probe (default), load:rate=N[,writes=0.05][,timeout=2s], load:concurrency=N, or k6:script.js (a k6 on PATH or FIREDRILL_K6)")
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
        "\nleft no result, a subset without --allow-partial, or the platform refused the configuration), 2 a run broke.",
    )
    .action(async (opts: { profile: string[]; inventory?: string; allowPartial?: boolean; stack?: string; budget?: string[]; traffic?: string; dryRun?: boolean; json?: boolean; quiet?: boolean }) => {
      setQuiet(Boolean(opts.quiet));
      // Every input is checked before any lab starts: every profile's plan is resolved first.
      const timeLimitMs = timeLimitFromEnvironment();
      const flags = budgetFlags(opts.budget ?? []);
      const traffic = opts.traffic === undefined ? undefined : parseTrafficSpec(opts.traffic, "--traffic");
      const inventory = opts.inventory ? await inventoryToBreak(opts.inventory) : undefined;
      const plans: DrillPlan[] = [];
      for (const file of opts.profile) {
        const profile = await loadNamedProfile(file);
        plans.push(await resolvePlan({ profile, stack: opts.stack, budgetFlags: flags, traffic, runId: newRunId(), inventory, timeLimitMs }));
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
      const written: Array<{ profile: string; json: string; markdown: string }> = [];
      const say = (text: string) => (opts.json ? process.stderr : process.stdout).write(text);
      for (const plan of plans) {
        const { profile, runId } = plan;
        log("certify", `${profile.name} (${profile.file}, digest ${profile.digest}) with stack ${plan.stack.name}: run ${runId}`);
        const unregister = onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
        const startedAt = Date.now();
        const run = await runDrill(plan, await drillEnvironment(engine, profile.name, inventory?.hosts.length ?? profile.lab.hosts, plan.stack.name, inventory), undefined, { spec: !opts.json && !opts.quiet });
        unregister();
        const skipped = plan.scenarios.flatMap((p) => (p.skip ? [{ name: p.scenario.name, reason: p.skip }] : []));
        const certificate = certificateFor({ profile, runId, startedAt, endedAt: Date.now(), stack: plan.stack.name, inventory, traffic: drillTraffic(plan.scenarios), skipped, layers: plan.layers, ...run }, { allowPartial: opts.allowPartial });
        certificates.push(certificate);
        await mkdir(CERTIFICATES, { recursive: true });
        // Machines are certified under their inventory's name: one file per inventory and profile.
        const name = inventory ? `${inventory.name.toLowerCase().replace(/[^a-z0-9.-]+/g, "-")}-${profile.name}` : profile.name;
        const files = { profile: profile.name, json: path.join(CERTIFICATES, `${name}.json`), markdown: path.join(CERTIFICATES, `${name}.md`) };
        await writeFile(files.json, JSON.stringify(certificate, null, 2));
        await writeFile(files.markdown, certificateMarkdown(certificate));
        written.push(files);
        await writeDrillOutputs(run.results, outputsIn(profileOutputsDir(name)), `firedrill ${name}`);
        if (profiles.length === 1) await writeDrillOutputs(run.results);
        say(`\n${name}: ${certificateHeadline(certificate)}${certificate.reason ? ` (${certificate.reason})` : ""}\n${summaryTable(run.results)}\n`);
        if (certificate.coverage.notCovered.length > 0) say(`not covered: ${certificate.coverage.notCovered.map((s) => `${s.name} (${s.why})`).join(", ")}\n`);
        for (const waiver of certificate.waivers) say(`waiver: ${waiver.scenario}: ${waiver.text}\n`);
      }
      const code = certificateExitCode(certificates);
      if (opts.json) process.stdout.write(`${JSON.stringify({ exitCode: code, certificates, files: written })}\n`);
      done(code);
    });
}
