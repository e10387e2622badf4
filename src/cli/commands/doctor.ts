import { Command } from "commander";
import { doctorFindings } from "../../doctor/doctor-checks.ts";
import { doctorInventory } from "../../doctor/inventory-doctor.ts";
import { connectEngine } from "../../engine/connect-engine.ts";
import { ensureImages } from "../../images/ensure-images.ts";
import { loadInventory } from "../../inventory/load-inventory.ts";

const MARK = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;

export function doctorCommand(done: (code: number) => void): Command {
  return new Command("doctor")
    .description("check that this machine can run a lab (engine, host mode, cgroups, IPVS, free disk), or with --inventory that each host can be drilled")
    .option("--inventory <file>", "check the inventory's hosts instead: reachable with its credentials, the agent's privileges and preflight, the host's facts")
    .option("--json", "print the findings as JSON")
    .action(async (opts: { json?: boolean; inventory?: string }) => {
      if (opts.inventory) {
        const inventory = await loadInventory(opts.inventory);
        const engine = await connectEngine();
        const images = await ensureImages(engine, []);
        const result = await doctorInventory(inventory, engine, images.agent);
        if (opts.json) process.stdout.write(JSON.stringify({ inventory: inventory.file, digest: inventory.digest, ...result }) + "\n");
        else {
          process.stdout.write(`inventory ${inventory.file} (${inventory.name}, digest ${inventory.digest}, faults ${inventory.allowFaults ? "allowed" : "NOT allowed: allowFaults is not true"})\n`);
          for (const f of result.findings) {
            process.stdout.write(`${MARK[f.status]}  ${f.host.padEnd(8)} ${f.check.padEnd(34)} ${f.detail}\n`);
            if (f.fix && f.status !== "ok") process.stdout.write(`      ${"".padEnd(8)} ${"".padEnd(34)} fix: ${f.fix}\n`);
          }
        }
        return done(result.findings.some((f) => f.status === "fail") ? 69 : 0);
      }
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
