import { Command } from "commander";
import { doctorFindings } from "../../doctor/doctor-checks.ts";

const MARK = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;

export function doctorCommand(done: (code: number) => void): Command {
  return new Command("doctor")
    .description("check that this machine can run a lab: engine, host mode, cgroups, IPVS, free disk")
    .option("--json", "print the findings as JSON")
    .action(async (opts: { json?: boolean }) => {
      const findings = await doctorFindings();
      if (opts.json) {
        process.stdout.write(JSON.stringify(findings) + "\n");
      } else {
        for (const f of findings) {
          process.stdout.write(`${MARK[f.status]}  ${f.check.padEnd(10)} ${f.detail}\n`);
          if (f.fix && f.status !== "ok") process.stdout.write(`      ${"".padEnd(10)} fix: ${f.fix}\n`);
        }
      }
      done(findings.some((f) => f.status === "fail") ? 69 : 0);
    });
}
