import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { TlsAuthority } from "../../src/engine/tls-authority.ts";
import { loadInventory } from "../../src/inventory/load-inventory.ts";
import { REMOTE_LAB_LABEL } from "../../src/lab/remote-lab.ts";
import { firedrill, type Run } from "../support/firedrill-process.ts";

/**
 * A remote lab (hosts on this machine that behave as remote ones) and the doctor's view of
 * it through the inventory alone: reachable only with the inventory's certificates, the
 * agent started with its privileges, the host's facts read, and every bad inventory refused
 * with a clear reason before any fault.
 */
describe("remote lab and doctor --inventory (real engines over TLS)", function () {
  this.timeout(300_000);
  let dir: string;
  let inventory: string;
  let up: Run;

  before(async function () {
    this.timeout(600_000);
    dir = await mkdtemp(path.join(tmpdir(), "firedrill-remote-"));
    inventory = path.join(dir, "inv.yaml");
    up = await firedrill(["remote-lab", "up", "--hosts", "2", "--out", inventory]);
    assert.equal(up.code, 0, up.stderr);
  });

  after(async function () {
    this.timeout(120_000);
    if (existsSync(inventory)) {
      const down = await firedrill(["remote-lab", "down", "--inventory", inventory]);
      assert.equal(down.code, 0, down.stderr);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("writes an inventory that loads, with TLS-only engines, roles, power commands and faults allowed", async () => {
    const inv = await loadInventory(inventory);
    assert.equal(inv.hosts.length, 2);
    assert.deepEqual(inv.hosts.map((h) => h.role), ["manager", "worker"]);
    assert.ok(inv.hosts.every((h) => h.engine.startsWith("tcp://127.0.0.1:") && h.tls && h.power));
    assert.equal(inv.allowFaults, true);
    assert.doesNotMatch(await readFile(inventory, "utf8"), /BEGIN/, "no certificate or key in the inventory itself");
    const plain = await fetch(`${inv.hosts[0]!.engine.replace("tcp:", "http:")}/version`).then((r) => r.text(), (e: Error) => e.message);
    assert.doesNotMatch(plain, /ApiVersion/, "an engine of the remote lab answers plain HTTP");
  });

  it("doctor --inventory: every host reachable, the agent started and passing its preflight, the facts read, nothing left", async () => {
    const run = await firedrill(["doctor", "--inventory", inventory, "--json"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as { findings: Array<{ host: string; check: string; status: string; detail: string }>; facts: Array<Record<string, unknown>> };
    assert.deepEqual(result.findings.filter((f) => f.status === "fail"), []);
    for (const host of ["host-1", "host-2"]) {
      const checks = result.findings.filter((f) => f.host === host).map((f) => f.check);
      for (const c of ["engine", "agent", "agent: enter the host's namespaces", "agent: read the host's firewall", "agent: signal the host's processes", "facts"]) assert.ok(checks.includes(c), `${host}: ${c}`);
    }
    assert.equal(result.facts.length, 2);
    for (const facts of result.facts) {
      for (const key of ["engineVersion", "apiVersion", "kernel", "operatingSystem", "storageDriver", "cgroupDriver", "cgroupVersion", "iptables"]) assert.ok(facts[key], `${String(facts.host)}: ${key}`);
    }
    assert.match(String(result.facts[0]!.iptables), /nf_tables|legacy/);
    // The doctor changes nothing: no agent is left on a host.
    const inv = await loadInventory(inventory);
    const { inventoryEngine } = await import("../../src/inventory/inventory-engine.ts");
    for (const host of inv.hosts) assert.deepEqual(await inventoryEngine(host).listContainers({ all: true, filters: { label: ["firedrill.role=agent"] } }), []);
  });

  it("refuses a host whose engine does not accept the inventory's certificate, and says so", async () => {
    const other = path.join(dir, "stranger-certs");
    await mkdir(other, { recursive: true });
    const stranger = TlsAuthority.create("not the fleet's").client("stranger");
    await writeFile(path.join(other, "ca.pem"), stranger.ca);
    await writeFile(path.join(other, "cert.pem"), stranger.cert);
    await writeFile(path.join(other, "key.pem"), stranger.key.reveal());
    const text = (await readFile(inventory, "utf8")).replace(/tls: .*-certs/g, "tls: stranger-certs");
    const wrong = path.join(dir, "wrong-cert.yaml");
    await writeFile(wrong, text);
    const run = await firedrill(["doctor", "--inventory", wrong]);
    assert.equal(run.code, 69, run.stdout + run.stderr);
    assert.match(run.stdout, /FAIL\s+host-1\s+engine\s+the TLS handshake failed/);
    assert.doesNotMatch(run.stdout + run.stderr, /BEGIN/, "no certificate or key printed");
  });

  it("refuses an unreachable host, naming it", async () => {
    const text = (await readFile(inventory, "utf8")).replace(/engine: tcp:\/\/127\.0\.0\.1:\d+/, "engine: tcp://127.0.0.1:9");
    const unreachable = path.join(dir, "unreachable.yaml");
    await writeFile(unreachable, text);
    const run = await firedrill(["doctor", "--inventory", unreachable]);
    assert.equal(run.code, 69, run.stdout + run.stderr);
    assert.match(run.stdout, /FAIL\s+host-1\s+engine\s+nothing listens at tcp:\/\/127\.0\.0\.1:9/);
    assert.match(run.stdout, /ok\s+host-2\s+engine/, "the other host is still checked");
  });

  it("refuses a host that cannot give the agent its privileges (an engine with user namespaces), saying why, and leaves nothing there", async () => {
    const weak = path.join(dir, "weak.yaml");
    const made = await firedrill(["remote-lab", "up", "--hosts", "1", "--unprivileged", "host-1", "--out", weak]);
    assert.equal(made.code, 0, made.stderr);
    try {
      const run = await firedrill(["doctor", "--inventory", weak]);
      assert.equal(run.code, 69, run.stdout + run.stderr);
      assert.match(run.stdout, /ok\s+host-1\s+engine/);
      assert.match(run.stdout, /FAIL\s+host-1\s+agent\s+the agent cannot run on host-1: .*user namespaces/);
      assert.match(run.stdout, /fix: The agent needs a container in the host's pid and network namespaces/);
      const { inventoryEngine } = await import("../../src/inventory/inventory-engine.ts");
      const host = (await loadInventory(weak)).hosts[0]!;
      assert.deepEqual(await inventoryEngine(host).listContainers({ all: true }), [], "no agent, no probe left on the host");
    } finally {
      assert.equal((await firedrill(["remote-lab", "down", "--inventory", weak])).code, 0);
    }
  });

  it("remote-lab down leaves nothing labelled and removes the certificates", async () => {
    const inv = await loadInventory(inventory);
    const down = await firedrill(["remote-lab", "down", "--inventory", inventory]);
    assert.equal(down.code, 0, down.stderr);
    const engine = await connectEngine();
    const filters = { label: [`${REMOTE_LAB_LABEL}=${inv.remoteLab}`] };
    assert.deepEqual(await engine.listContainers({ all: true, filters }), []);
    assert.deepEqual((await engine.listVolumes({ filters })).Volumes ?? [], []);
    assert.deepEqual(await engine.listNetworks({ filters }), []);
    assert.equal(existsSync(inv.hosts[0]!.tlsDir!), false);
    await rm(inventory);
  });
});
