import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { certificateExitCode, certificateFor, certificateHeadline, type Certificate } from "../../certify/certificate.ts";
import { certificateMarkdown } from "../../certify/certificate-markdown.ts";
import { drillEnvironment } from "../../drill/drill-environment.ts";
import { outputsIn, REPORT_OUTPUTS, writeDrillOutputs } from "../../drill/drill-outputs.ts";
import { drillConfigFor } from "../../drill/profile-config.ts";
import { clearResults, runDrill } from "../../drill/run-drill.ts";
import { timeLimitFromEnvironment } from "../../drill/scenario-time-limit.ts";
import { summaryTable } from "../../drill/summary-table.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { newRunId } from "../../lab/run-id.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { loadNamedProfile } from "../../profiles/resolve-profile.ts";
import { CERTIFICATES, profileOutputsDir } from "../../report/report-paths.ts";
import { log } from "../../util/log.ts";
import { onInterrupt } from "../interrupts.ts";

export function certifyCommand(done: (code: number) => void): Command {
  return new Command("certify")
    .description("run the drill on each host configuration and write a certificate per profile (JSON and Markdown)")
    .requiredOption("--profile <file...>", "profile files (profiles/*.yaml), or their names (hardened)")
    .option("--allow-partial", "accept a profile whose scenarios: key runs a subset: certified for N of M scenarios (exit 0), the rest listed as not covered")
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
    .action(async (opts: { profile: string[]; allowPartial?: boolean }) => {
      // Every input is checked before any lab starts.
      const profiles = [];
      for (const file of opts.profile) profiles.push(await loadNamedProfile(file));
      const timeLimitMs = timeLimitFromEnvironment();
      const engine = await connectEngine();
      await clearResults();
      // Top-level outputs hold one drill; several profiles' would overwrite each other.
      if (profiles.length > 1) await Promise.all(Object.values(REPORT_OUTPUTS).map((file) => rm(file, { force: true })));
      const certificates: Certificate[] = [];
      for (const profile of profiles) {
        const runId = newRunId();
        log("certify", `${profile.name} (${profile.file}, digest ${profile.digest}): run ${runId}`);
        const unregister = onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
        const startedAt = Date.now();
        const config = { ...drillConfigFor(profile, runId), timeLimitMs };
        const run = await runDrill(config, await drillEnvironment(engine, profile.name, profile.lab.hosts));
        unregister();
        const certificate = certificateFor({ profile, runId, startedAt, endedAt: Date.now(), ...run }, { allowPartial: opts.allowPartial });
        certificates.push(certificate);
        await mkdir(CERTIFICATES, { recursive: true });
        await writeFile(path.join(CERTIFICATES, `${profile.name}.json`), JSON.stringify(certificate, null, 2));
        await writeFile(path.join(CERTIFICATES, `${profile.name}.md`), certificateMarkdown(certificate));
        await writeDrillOutputs(run.results, outputsIn(profileOutputsDir(profile.name)), `firedrill ${profile.name}`);
        if (profiles.length === 1) await writeDrillOutputs(run.results);
        process.stdout.write(`\n${profile.name}: ${certificateHeadline(certificate)}${certificate.reason ? ` (${certificate.reason})` : ""}\n${summaryTable(run.results)}\n`);
        if (certificate.coverage.notCovered.length > 0) process.stdout.write(`not covered: ${certificate.coverage.notCovered.map((s) => s.name).join(", ")}\n`);
        for (const waiver of certificate.waivers) process.stdout.write(`waiver: ${waiver.scenario}: ${waiver.text}\n`);
      }
      done(certificateExitCode(certificates));
    });
}
