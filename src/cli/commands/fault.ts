import { Command, Option } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { inputError } from "../../errors/firedrill-error.ts";
import { FAULT_KINDS, describeFaults, faultKind } from "../../faults/fault-catalog.ts";
import { ActiveFaults } from "../../faults/fault-journal.ts";
import { auditHost, diffAudits } from "../../faults/host-audit.ts";
import { Fault } from "../../faults/inject-fault.ts";
import { portCollision, refuseHeldPort } from "../../faults/port-collision.ts";
import { attachLab } from "../../lab/attach-lab.ts";
import { openInventoryForFaults } from "../../lab/inventory-fault-lab.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import { ensureImages } from "../../images/ensure-images.ts";
import { onInterrupt } from "../../util/interrupts.ts";
import { inventoryToBreak } from "../drill-inputs.ts";
import { parseDuration } from "../../util/duration.ts";
import { log } from "../../util/log.ts";
import { sleep } from "../../util/wait-for.ts";
import { runId as runIdArg } from "../cli-options.ts";

const MAX_MARGIN_MS = 60_000;

const OPTION_NAMES = [...new Set(FAULT_KINDS.flatMap((k) => k.options.map((o) => o.name)))];

export function faultCommand(done: (code: number) => void): Command {
  const command = new Command("fault")
    .description("inject a fault into a running lab, print the evidence, and revert it after --for or on Ctrl-C")
    .argument("[name]", "the fault (see --list)")
    .option("--list", "list the faults and their options")
    .option("--run <id>", "the lab's run id (from `firedrill up --detach --json` or `firedrill runs`)", runIdArg)
    .option("--inventory <file>", "break one of these machines instead (an inventory with allowFaults: true); the run's agents are removed afterwards")
    .option("--host <host>", "the host to break, for example host-2")
    .option("--for <duration>", "how long the fault stays in effect, for example 30s or 2m", "30s")
    .option("--lease <duration>", "the host reverts the fault by itself if this process stops renewing its lease for this long (env FIREDRILL_LEASE)", undefined)
    .option("--json", "print the evidence, the revert and the residue audit as JSON");
  for (const name of OPTION_NAMES) {
    const owners = FAULT_KINDS.filter((k) => k.options.some((o) => o.name === name)).map((k) => k.name);
    command.addOption(new Option(`--${name} <value>`, `an option of ${owners.join(", ")}`));
  }
  command.addHelpText("after", `\nFaults:\n${describeFaults()}\n\nExample: firedrill fault daemon-freeze --run r1234567 --host host-2 --for 45s`);
  return command.action(async (name: string | undefined, opts: Record<string, string | boolean | undefined>) => {
    if (opts.list) {
      process.stdout.write(describeFaults() + "\n");
      return done(0);
    }
    // Everything is checked before anything is touched.
    if (!name) throw inputError("FAULT_MISSING", "No fault named", "Give one: `firedrill fault <name> --run <id> --host <host>`; `firedrill fault --list` lists them.");
    const kind = faultKind(name);
    if (!opts.run && !opts.inventory) throw inputError("RUN_MISSING", "--run is required (or --inventory for machines)", "Give the run id printed by `firedrill up --detach --json` (or see `firedrill runs`), or --inventory FILE for machines.");
    if (opts.run && opts.inventory) throw inputError("RUN_AND_INVENTORY", "--run and --inventory name two different labs", "Give one of them.");
    const inventory = opts.inventory ? await inventoryToBreak(String(opts.inventory)) : undefined;
    if (inventory && kind.needsDrillLab) throw inputError("INVENTORY_FAULT_UNSUPPORTED", `${kind.name} cannot be put on ${inventory.file} alone: ${kind.needsDrillLab}`, "Run a drill on the inventory (`firedrill drill --inventory`), or choose another fault (`firedrill fault --list`).");
    if (inventory && opts.host && !inventory.hosts.some((h) => h.name === opts.host)) {
      throw inputError("HOST_UNKNOWN", `${inventory.file} has no host "${String(opts.host)}"`, `Its hosts are: ${inventory.hosts.map((h) => h.name).join(", ")}.`);
    }
    if (!opts.host) throw inputError("HOST_MISSING", "--host is required", "Name the host to break, for example --host host-2.");
    const forMs = parseDuration(String(opts.for), "--for");
    const leaseMs = opts.lease ? parseDuration(String(opts.lease), "--lease") : undefined;
    // The host's agent ends the fault a minute after --for even if this process is alive but stuck.
    const limits = { maxMs: forMs + MAX_MARGIN_MS, ...(leaseMs ? { leaseMs } : {}) };
    const fault = new Fault(kind, String(opts.host), Object.fromEntries(OPTION_NAMES.map((n) => [n, opts[n] as string | undefined])), limits);
    const engine = await connectEngine();
    let lab: StartedLab;
    if (inventory) {
      const images = await ensureImages(engine, []);
      lab = await openInventoryForFaults(inventory, images, engine);
      // The agents go with this process, on every exit path; a fault they hold is undone first.
      onInterrupt(`remove run ${lab.runId}'s agents`, () => removeRun(engine, lab.runId));
    } else {
      lab = await attachLab(engine, String(opts.run));
    }
    try {
      return await faultOn(lab, fault, forMs, String(opts.for), Boolean(opts.json), done);
    } finally {
      if (inventory) await removeRun(engine, lab.runId);
    }
  });
}

async function faultOn(lab: StartedLab, fault: Fault, forMs: number, forText: string, json: boolean, done: (code: number) => void): Promise<void> {
  const kind = fault.kind;
  if (!lab.hosts.some((h) => h.name === fault.host)) {
    throw inputError("HOST_UNKNOWN", `Run ${lab.runId} has no host "${fault.host}"`, `Its hosts are: ${lab.hosts.map((h) => h.name).join(", ")}.`);
  }
  kind.refuseTarget?.(lab, fault.host);
  // A port something already holds there (port 80 is the lb's) is refused saying who holds it.
  if (kind === portCollision) await refuseHeldPort(lab, fault.host, fault.options);

  const before = await auditHost(lab.host(fault.host));
  await using active = new ActiveFaults();
  const injected = await fault.inject(lab, active);
  log("fault", `in effect for ${forText} (Ctrl-C reverts it now)`);
  await sleep(forMs);
  const reverted = await injected.revert();
  const residue = diffAudits([before], [await auditHost(lab.host(fault.host))]);
  const result = { fault: injected.record, actionAt: new Date(injected.actionAt).toISOString(), effectSeenAt: new Date(injected.effectSeenAt).toISOString(), evidence: injected.evidence, revert: reverted, residue };
  if (json) {
    process.stdout.write(JSON.stringify(result) + "\n");
  } else {
    process.stdout.write(`${fault.name}: acted at ${result.actionAt}, effect seen at ${result.effectSeenAt}\n`);
    for (const e of injected.evidence) process.stdout.write(`  evidence: ${e.what}\n`);
    for (const a of reverted.actions) process.stdout.write(`  reverted: ${a}\n`);
    for (const e of reverted.evidence) process.stdout.write(`  after revert: ${e.what}\n`);
    process.stdout.write(residue.length === 0 ? "  residue audit: clean\n" : residue.map((r) => `  RESIDUE: ${r}\n`).join(""));
  }
  done(residue.length === 0 ? 0 : 2);
}
