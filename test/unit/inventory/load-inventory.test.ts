import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { loadInventory } from "../../../src/inventory/load-inventory.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";

const PEM = (what: string) => `-----BEGIN ${what}-----\nAAAA\n-----END ${what}-----\n`;

describe("inventories", () => {
  let dir: string;
  let n = 0;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "firedrill-inventories-"));
    await mkdir(path.join(dir, "certs"));
    await writeFile(path.join(dir, "certs/ca.pem"), PEM("CERTIFICATE"));
    await writeFile(path.join(dir, "certs/cert.pem"), PEM("CERTIFICATE"));
    await writeFile(path.join(dir, "certs/key.pem"), PEM("PRIVATE KEY"));
    await writeFile(path.join(dir, "id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n-----END OPENSSH PRIVATE KEY-----\n");
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(yaml: string): Promise<string> {
    const file = path.join(dir, `inv-${++n}.yaml`);
    await writeFile(file, yaml);
    return file;
  }

  const HEAD = "name: fleet\ndescription: the staging fleet\n";
  const TLS_HOST = "  - name: node-1\n    engine: tcp://10.0.0.11:2376\n    tls: certs\n    role: manager\n";

  it("reads a valid inventory: defaults, certificates resolved against its folder, a digest, faults not allowed unless said", async () => {
    const file = await write(`${HEAD}hosts:\n${TLS_HOST}  - name: node-2\n    engine: ssh://deploy@10.0.0.12\n    identityFile: id_ed25519\n    role: worker\n`);
    const inventory = await loadInventory(file);
    assert.equal(inventory.allowFaults, false);
    assert.equal(inventory.swarm, "form");
    assert.equal(inventory.hostHalt, "engine");
    assert.deepEqual(inventory.users, { edge: true });
    assert.equal(inventory.agentPort, 7443);
    assert.match(inventory.digest, /^[0-9a-f]{16}$/);
    assert.equal(inventory.hosts[0]!.tlsDir, path.join(dir, "certs"));
    assert.match(inventory.hosts[0]!.tls!.cert, /BEGIN CERTIFICATE/);
    assert.match(inventory.hosts[1]!.identityKey!.reveal(), /secret-key-material/);
  });

  it("never shows a key: not in JSON, not in util.inspect", async () => {
    const file = await write(`${HEAD}hosts:\n${TLS_HOST}  - name: node-2\n    engine: ssh://deploy@10.0.0.12\n    identityFile: id_ed25519\n    role: worker\n`);
    const inventory = await loadInventory(file);
    for (const shown of [JSON.stringify(inventory), inspect(inventory, { depth: 10 })]) {
      assert.doesNotMatch(shown, /secret-key-material|BEGIN PRIVATE KEY/);
    }
  });

  const bad: Array<[string, string, RegExp]> = [
    ["no hosts", `${HEAD}hosts: []\n`, /hosts = \[\]: an inventory lists at least one host/],
    ["a tcp engine without certificates", `${HEAD}hosts:\n  - name: node-1\n    engine: tcp://10.0.0.11:2376\n    role: manager\n`, /hosts\.0\.tls: a tcp:\/\/ engine needs a certificate directory/],
    ["an http engine", `${HEAD}hosts:\n  - name: node-1\n    engine: http://10.0.0.11:2375\n    tls: certs\n    role: manager\n`, /hosts\.0\.engine = "http:\/\/10\.0\.0\.11:2375": expected tcp:\/\/HOST:PORT/],
    ["no manager", `${HEAD}hosts:\n  - name: node-1\n    engine: tcp://10.0.0.11:2376\n    tls: certs\n    role: worker\n`, /hosts = \[.*"role":"worker".*\]: no host has role: manager/],
    ["a host listed twice", `${HEAD}hosts:\n${TLS_HOST}${TLS_HOST}`, /hosts\.1\.name = "node-1": listed twice/],
    ["a certificate directory that is not there", `${HEAD}hosts:\n  - name: node-1\n    engine: tcp://10.0.0.11:2376\n    tls: nowhere\n    role: manager\n`, /hosts\.0\.tls = "nowhere": .*nowhere\/ca\.pem does not exist/],
    ["power halts without power commands", `${HEAD}hostHalt: power\nhosts:\n${TLS_HOST}`, /hosts\.0\.power: hostHalt: power needs each host's power commands/],
    ["allowFaults as a string", `${HEAD}allowFaults: "yes"\nhosts:\n${TLS_HOST}`, /allowFaults = "yes": Invalid input: expected boolean/],
    ["an unknown key", `${HEAD}hosts:\n${TLS_HOST}    password: hunter2\n`, /hosts\.0 = .*: Unrecognized key: "password"/],
  ];
  for (const [what, yaml, message] of bad) {
    it(`refuses ${what}, naming the file, the field and the value (65)`, async () => {
      const file = await write(yaml);
      await assert.rejects(loadInventory(file), (e: Error) => {
        assert.ok(e instanceof FiredrillError);
        assert.equal(e.code, "INVENTORY_INVALID");
        assert.equal(exitCodeFor(e), 65);
        assert.ok(e.message.startsWith(file), e.message);
        assert.match(e.message, message);
        return true;
      });
    });
  }

  it("a missing file is INVENTORY_NOT_FOUND (66)", async () => {
    await assert.rejects(loadInventory(path.join(dir, "nowhere.yaml")), (e: FiredrillError) => e.code === "INVENTORY_NOT_FOUND" && exitCodeFor(e) === 66);
  });
});
