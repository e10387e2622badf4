import assert from "node:assert/strict";
import { inspect } from "node:util";
import { writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RegistryCredentials } from "../../../src/docker/registry-credentials.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";

describe("registry credentials", () => {
  const secret = "s3cret-Password-1234";
  const credentials = new RegistryCredentials("alice", secret);

  it("keeps the password out of JSON, inspect, String() and template strings", () => {
    for (const shown of [JSON.stringify(credentials), inspect(credentials), String(credentials), `${credentials}`, inspect({ nested: credentials })]) {
      assert.ok(!shown.includes(secret), `leaked in: ${shown}`);
      assert.ok(shown.includes("alice"));
    }
  });

  it("gives the password only on purpose", () => {
    assert.equal(credentials.reveal(), secret);
    assert.deepEqual(credentials.authConfig("registry:5000"), { username: "alice", password: secret, serveraddress: "registry:5000" });
  });

  it("reads user and password from the environment, or a password file", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fd-cred-"));
    const file = path.join(dir, "pw");
    writeFileSync(file, "from-a-file-123\n");
    assert.equal(RegistryCredentials.fromEnvironment({ FIREDRILL_REGISTRY_USER: "bob", FIREDRILL_REGISTRY_PASSWORD: "long-enough" }).reveal(), "long-enough");
    assert.equal(RegistryCredentials.fromEnvironment({ FIREDRILL_REGISTRY_PASSWORD_FILE: file }).reveal(), "from-a-file-123");
  });

  it("makes a fresh random password when none is given", () => {
    const a = RegistryCredentials.fromEnvironment({});
    const b = RegistryCredentials.fromEnvironment({});
    assert.notEqual(a.reveal(), b.reveal());
    assert.ok(a.reveal().length >= 20);
  });

  it("refuses a short password and an unreadable password file, naming them", () => {
    assert.throws(() => RegistryCredentials.fromEnvironment({ FIREDRILL_REGISTRY_PASSWORD: "short" }), (e: unknown) => e instanceof FiredrillError && e.code === "REGISTRY_PASSWORD_WEAK");
    assert.throws(
      () => RegistryCredentials.fromEnvironment({ FIREDRILL_REGISTRY_PASSWORD_FILE: "/nonexistent/pw" }),
      (e: unknown) => e instanceof FiredrillError && e.message.includes("/nonexistent/pw"),
    );
  });
});
