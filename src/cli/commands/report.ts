import { Command } from "commander";
import { generateReport, openReport } from "../../report/generate-report.ts";
import { integer } from "../cli-options.ts";

export function reportCommand(done: (code: number) => void): Command {
  return new Command("report")
    .description("generate the HTML Allure report of the last drill into reports/allure-report, keeping the trend history")
    .option("--open", "serve the report locally afterwards (until Ctrl-C)")
    .option("--port <port>", "port for --open (default: any free port)", integer(1, 65535))
    .action(async (opts: { open?: boolean; port?: number }) => {
      const { reportDir, keptHistory } = await generateReport();
      process.stdout.write(`report: ${reportDir}${keptHistory ? " (with the previous runs' history)" : ""}\n`);
      if (opts.open) await openReport(reportDir, opts.port ?? 0);
      done(0);
    });
}
