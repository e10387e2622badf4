import path from "node:path";
import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { inputError } from "../../errors/firedrill-error.ts";
import { ensureImages } from "../../images/ensure-images.ts";
import { loadInventory } from "../../inventory/load-inventory.ts";
import { remoteLabDown, remoteLabUp } from "../../lab/remote-lab.ts";
import { log } from "../../util/log.ts";
import { integer } from "../cli-options.ts";

export function remoteLabCommand(done: (code: number) => void): Command {
  const command = new Command("remote-lab").description(
    "make hosts on this machine that behave as remote machines (TLS-only engines) and write an inventory for them, for trying --inventory without VMs",
  );
  command
    .command("up")
    .description("start N hosts whose engines answer only over TLS, and write their inventory (and its certificates beside it)")
    .option("--hosts <n>", "how many hosts", integer(1, 9), 3)
    .requiredOption("--out <file>", "where to write the inventory, for example inv.yaml (the certificates go to <name>-certs/ beside it)")
    .option("--unprivileged <host...>", "hosts whose engine remaps users (--userns-remap), so the agent cannot have the host's namespaces: to see how an inventory with such a host is refused")
    .option("--json", "print what was made as JSON")
    .action(async (opts: { hosts: number; out: string; json?: boolean; unprivileged?: string[] }) => {
      if (!/\.ya?ml$/.test(opts.out)) throw inputError("INVENTORY_OUTPUT", `--out ${opts.out}: an inventory is a .yaml file`, "Give a path such as inv.yaml.");
      const engine = await connectEngine();
      const images = await ensureImages(engine, []);
      const made = await remoteLabUp(engine, images, opts.hosts, opts.out, opts.unprivileged ?? []);
      if (opts.json) process.stdout.write(JSON.stringify(made) + "\n");
      else {
        process.stdout.write(`remote lab ${made.id}: ${made.hosts.length} hosts, inventory ${made.inventory}, certificates ${made.certs}/\n`);
        for (const h of made.hosts) process.stdout.write(`  ${h.name.padEnd(8)} engine ${h.engine} (TLS only)  agent port ${h.agent}\n`);
        process.stdout.write(`remove it with: firedrill remote-lab down --inventory ${made.inventory}\n`);
      }
      done(0);
    });
  command
    .command("down")
    .description("remove a remote lab made by `remote-lab up` (its hosts, network, volumes and certificates)")
    .requiredOption("--inventory <file>", "the inventory `remote-lab up` wrote")
    .action(async (opts: { inventory: string }) => {
      const inventory = await loadInventory(opts.inventory);
      if (!inventory.remoteLab) {
        throw inputError("NOT_A_REMOTE_LAB", `${opts.inventory} describes real hosts, not a remote lab`, "`remote-lab down` removes only what `remote-lab up` made; real hosts are never removed.");
      }
      const certs = inventory.hosts.find((h) => h.tlsDir)?.tlsDir;
      const removed = await remoteLabDown(await connectEngine(), inventory.remoteLab, certs && path.basename(certs).endsWith("-certs") ? certs : undefined);
      log("remote-lab", `removed ${removed.containers.length} containers, ${removed.networks.length} networks, ${removed.volumes.length} volumes${certs ? ` and ${certs}` : ""}`);
      done(0);
    });
  return command;
}
