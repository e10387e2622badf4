import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { certificateExitCode, certificateFor, type Certificate } from "../../certify/certificate.ts";
import { certificateMarkdown } from "../../certify/certificate-markdown.ts";
import { drillEnvironment } from "../../drill/drill-environment.ts";
import { writeDrillOutputs } from "../../drill/drill-outputs.ts";
import { drillConfigFor } from "../../drill/profile-config.ts";
import { clearResults, runDrill } from "../../drill/run-drill.ts";
import { summaryTable } from "../../drill/summary-table.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { newRunId } from "../../lab/run-id.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { loadNamedProfile } from "../../profiles/resolve-profile.ts";
import { CERTIFICATES } from "../../report/report-paths.ts";
import { log } from "../../util/log.ts";
import { onInterrupt } from "../interrupts.ts";

export function certifyCommand(done: (code: number) => void): Command {
  return new Command("certify")
    .description("run the drill on each host configuration and write a certificate per profile (JSON and Markdown)")
    .requiredOption("--profile <file...>", "profile files (profiles/*.yaml), or their names (hardened)")
    .addHelpText(
      "after",
      "\nCertificates go to reports/certificates/<profile>.json and .md." +
        "\nExit codes: 0 every profile certified, 1 one was not (a scenario failed, or the platform refused the configuration), 2 a run broke.",
    )
    .action(async (opts: { profile: string[] }) => {
      // Every profile is checked before any lab starts.
      const profiles = [];
      for (const file of opts.profile) profiles.push(await loadNamedProfile(file));
      const engine = await connectEngine();
      await clearResults();
      const certificates: Certificate[] = [];
      for (const profile of profiles) {
        const runId = newRunId();
        log("certify", `${profile.name} (${profile.file}, digest ${profile.digest}): run ${runId}`);
        const unregister = onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
        const startedAt = Date.now();
        const run = await runDrill(drillConfigFor(profile, runId), await drillEnvironment(engine, profile.name, profile.lab.hosts));
        unregister();
        const certificate = certificateFor({ profile, runId, startedAt, endedAt: Date.now(), ...run });
        certificates.push(certificate);
        await mkdir(CERTIFICATES, { recursive: true });
        await writeFile(path.join(CERTIFICATES, `${profile.name}.json`), JSON.stringify(certificate, null, 2));
        await writeFile(path.join(CERTIFICATES, `${profile.name}.md`), certificateMarkdown(certificate));
        await writeDrillOutputs(run.results);
        process.stdout.write(`\n${profile.name}: ${certificate.status}${certificate.reason ? ` (${certificate.reason})` : ""}\n${summaryTable(run.results)}\n`);
      }
      done(certificateExitCode(certificates));
    });
}
