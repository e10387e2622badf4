import { Command } from "commander";
import { generateReport, openReport } from "../../report/generate-report.ts";
import { mergeReport } from "../../drill/merge-report.ts";
import { mergedExitCode } from "../../drill/merge-results.ts";
import { summaryTable } from "../../drill/summary-table.ts";
import { integer } from "../cli-options.ts";

export function reportCommand(done: (code: number) => void): Command {
  return new Command("report")
    .description("generate the HTML Allure report of the last drill into reports/allure-report, keeping the trend history")
    .option("--open", "serve the report locally afterwards (until Ctrl-C)")
    .option("--port <port>", "port for --open (default: any free port)", integer(1, 65535))
    .option("--merge <dir...>", "one report from several shards' folders (each `drill --shard i/n` run's FIREDRILL_REPORTS); also writes their merged junit.xml and drill-results.json here")
    .addHelpText(
      "after",
      "\nWith --merge the shards must have been judged alike (the same firedrill code, profile, stack, plan, budgets, traffic," +
        "\ninventory, host facts, scenario time limit and shard count), else refused (64) naming what differs. A planned scenario" +
        "\nno shard ran is broken in the merged results and junit.xml." +
        "\n\nExit codes: without --merge 0 once the report is written. With --merge as the drill's: 0 every scenario passed," +
        "\n1 one failed, 2 one broke or no shard holds it.",
    )
    .action(async (opts: { open?: boolean; port?: number; merge?: string[] }) => {
      let reportDir: string;
      let keptHistory: boolean;
      let code = 0;
      if (opts.merge) {
        const merged = await mergeReport(opts.merge);
        ({ reportDir, keptHistory } = merged);
        code = mergedExitCode(merged);
        process.stdout.write(`merged ${merged.results.length} scenarios from ${merged.run.shards.join(", ")}\n${summaryTable(merged.results)}\n`);
        if (merged.run.missing.length > 0) process.stdout.write(`no shard ran (broken): ${merged.run.missing.join(", ")}\n`);
      } else {
        ({ reportDir, keptHistory } = await generateReport());
      }
      process.stdout.write(`report: ${reportDir}${keptHistory ? " (with the previous runs' history)" : ""}\n`);
      if (opts.open) await openReport(reportDir, opts.port ?? 0);
      done(code);
    });
}
