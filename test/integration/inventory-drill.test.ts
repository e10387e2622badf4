import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Certificate } from "../../src/certify/certificate.ts";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { healOrphans } from "../../src/faults/heal.ts";
import { inventoryEngine } from "../../src/inventory/inventory-engine.ts";
import { type Inventory, loadInventory } from "../../src/inventory/load-inventory.ts";
import { REMOTE_LAB_LABEL } from "../../src/lab/remote-lab.ts";
import { sleep } from "../../src/util/wait-for.ts";
import { firedrill, start } from "../support/firedrill-process.ts";

const LEASE_S = 10;

/**
 * What a host looks like to someone who did not run firedrill: its containers, volumes,
 * networks, Swarm state, and firedrill's files. Read through the host's own engine, and
 * for the files from the remote lab's container (a test's view; no fault path uses it).
 */
async function hostState(inventory: Inventory, name: string): Promise<Record<string, unknown>> {
  const machine = inventory.hosts.find((h) => h.name === name)!;
  const engine = inventoryEngine(machine, 10_000);
  const info = (await engine.info()) as { Swarm: { LocalNodeState: string } };
  const outer = await connectEngine();
  const [container] = await outer.listContainers({ filters: { label: [`${REMOTE_LAB_LABEL}=${inventory.remoteLab}`, `firedrill.host=${name}`] } });
  const exec = await outer.getContainer(container!.Id).exec({ Cmd: ["sh", "-c", "ls -A /etc/docker/certs.d /var/lib/firedrill-agent /etc/firedrill /etc/firedrill/tls /root/.docker 2>&1; iptables -S | grep -ci firedrill"], AttachStdout: true, AttachStderr: true, Tty: true });
  // A terminal: one plain stream, no multiplexing headers.
  const stream = await exec.start({ Tty: true });
  let files = "";
  stream.on("data", (c: Buffer) => (files += c.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return {
    containers: (await engine.listContainers({ all: true })).map((c) => c.Names[0]),
    volumes: ((await engine.listVolumes()).Volumes ?? []).map((v) => v.Name),
    networks: (await engine.listNetworks()).map((n) => n.Name).sort(),
    swarm: info.Swarm.LocalNodeState,
    files: files.replace(/\r/g, "").trim(),
  };
}

/**
 * A drill on an inventory's machines: a remote lab (hosts on this machine that behave as
 * remote ones, reachable only over TLS with the inventory's certificates, powered off and
 * on by the inventory's commands) is drilled through the inventory alone, certified with
 * the inventory's digest and each host's facts, and left exactly as it was found.
 */
describe("drills and faults on an inventory's machines (remote lab, real engines over TLS)", function () {
  this.timeout(900_000);
  let dir: string;
  let file: string;
  let inventory: Inventory;
  const found: Record<string, Record<string, unknown>> = {};

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "firedrill-fleet-"));
    file = path.join(dir, "inv.yaml");
    const up = await firedrill(["remote-lab", "up", "--hosts", "3", "--out", file]);
    assert.equal(up.code, 0, up.stderr);
    inventory = await loadInventory(file);
    for (const host of inventory.hosts) found[host.name] = await hostState(inventory, host.name);
  });

  after(async function () {
    this.timeout(120_000);
    if (existsSync(file)) {
      const down = await firedrill(["remote-lab", "down", "--inventory", file]);
      assert.equal(down.code, 0, down.stderr);
      const outer = await connectEngine();
      assert.deepEqual(await outer.listContainers({ all: true, filters: { label: [`${REMOTE_LAB_LABEL}=${inventory.remoteLab}`] } }), [], "remote-lab down leaves nothing labelled");
    }
    await rm(dir, { recursive: true, force: true });
    // The fault records the killed runners left on this engine (their faults were reverted on the hosts).
    await healOrphans(await connectEngine());
  });

  it("certify --inventory: host-halt (the engine stopped through the agent) and daemon-freeze pass; the certificate names the inventory's digest and each host's facts", async () => {
    const profile = path.join(dir, "two.yaml");
    await writeFile(profile, 'name: two\ndescription: "host-halt and daemon-freeze"\nscenarios: [host-halt, daemon-freeze]\n');
    const run = await firedrill(["certify", "--inventory", file, "--profile", profile, "--allow-partial", "--json"], { FIREDRILL_REPORTS: path.join(dir, "reports") });
    assert.equal(run.code, 0, run.stderr.slice(-3000));
    const { certificates } = JSON.parse(run.stdout) as { certificates: Certificate[] };
    const certificate = certificates[0]!;
    assert.equal(certificate.status, "partial");
    assert.deepEqual(certificate.scenarios.map((s) => [s.name, s.verdict]), [["host-halt", "passed"], ["daemon-freeze", "passed"]]);
    assert.deepEqual(certificate.inventory, { name: inventory.name, file: inventory.file, digest: inventory.digest });
    assert.deepEqual(certificate.hostFacts?.perHost.map((h) => h.host).sort(), ["host-1", "host-2", "host-3"]);
    for (const facts of certificate.hostFacts!.perHost) assert.ok(facts.engineVersion && facts.kernel && facts.cgroupDriver && facts.iptables, JSON.stringify(facts));
    // The host was halted by stopping its engine through the agent, and the evidence says so
    // (a wait's progress line may come between: the engine can take over 10 s to stop).
    assert.match(run.stderr, /injecting host-halt on (host-\d) .*\n(?:.*\[wait\].*\n)*.*\[fault\] {3}evidence: \1 inventory host \1 \(tcp:\/\/127\.0\.0\.1:\d+\): engine not answering/);
    // No secret of the inventory in anything written.
    const written = await readFile(path.join(dir, "reports", "certificates", `${inventory.name}-two.md`), "utf8");
    assert.match(written, new RegExp(`inventory digest \\| \`${inventory.digest}\``));
    assert.doesNotMatch(run.stdout + run.stderr + written, /BEGIN (RSA |EC )?PRIVATE KEY/);
  });

  it("leaves every host as it found it: no container, volume, network, Swarm, trust directory, login or firewall rule of the run", async () => {
    for (const host of inventory.hosts) assert.deepEqual(await hostState(inventory, host.name), found[host.name], host.name);
  });

  /** When the remote lab's container of a host last started: a power cycle changes it, an engine stop does not. */
  async function machineStartedAt(name: string): Promise<string> {
    const outer = await connectEngine();
    const [container] = await outer.listContainers({ filters: { label: [`${REMOTE_LAB_LABEL}=${inventory.remoteLab}`, `firedrill.host=${name}`] } });
    return (await outer.getContainer(container!.Id).inspect()).State.StartedAt;
  }

  for (const how of ["engine", "power"] as const) {
    it(`fault host-halt --inventory with hostHalt: ${how}: ${how === "engine" ? "the engine stops while the machine stays up" : "the inventory's power commands cycle the machine"}, and it comes back`, async () => {
      const variant = path.join(dir, `halt-${how}.yaml`);
      await writeFile(variant, (await readFile(file, "utf8")).replace(/^hostHalt: .*$/m, `hostHalt: ${how}`));
      const startedAt = await machineStartedAt("host-2");
      const run = await firedrill(["fault", "host-halt", "--inventory", variant, "--host", "host-2", "--for", "5s"]);
      assert.equal(run.code, 0, run.stderr.slice(-2000));
      assert.match(run.stdout, /evidence: host-2 inventory host host-2 \(tcp:\/\/127\.0\.0\.1:\d+\): engine not answering/);
      assert.match(run.stdout, /reverted: started host-2[\s\S]*after revert: host-2 engine answers[\s\S]*residue audit: clean/);
      if (how === "engine") assert.equal(await machineStartedAt("host-2"), startedAt, "the machine itself kept running");
      else assert.notEqual(await machineStartedAt("host-2"), startedAt, "the power commands cycled the machine");
    });
  }

  for (const fault of ["daemon-freeze", "host-halt"]) {
    it(`fault ${fault} --inventory killed with SIGKILL: the host's engine answers again within the lease (${LEASE_S}s) plus 10 s, with no firedrill command`, async () => {
      const child = start(["fault", fault, "--inventory", file, "--host", "host-2", "--for", "600s"], { FIREDRILL_LEASE: `${LEASE_S}s` });
      await child.waitForOutput(/in effect for 600s/);
      const host = inventory.hosts.find((h) => h.name === "host-2")!;
      const down = await inventoryEngine(host, 1500)
        .ping()
        .then(() => false, () => true);
      assert.ok(down, `host-2's engine answers during ${fault}`);
      child.child.kill("SIGKILL");
      const killedAt = Date.now();
      await child.exited;
      let back: number | undefined;
      while (Date.now() - killedAt <= (LEASE_S + 10) * 1000) {
        if (await inventoryEngine(host, 1500).ping().then(() => true, () => false)) {
          back = Date.now() - killedAt;
          break;
        }
        await sleep(250);
      }
      assert.ok(back !== undefined, `host-2's engine did not answer within ${LEASE_S + 10}s of the runner's death`);
      process.stderr.write(`      (${fault} on an inventory host: reverted on the host ${(back / 1000).toFixed(1)}s after SIGKILL, lease ${LEASE_S}s)\n`);
    });
  }
});
