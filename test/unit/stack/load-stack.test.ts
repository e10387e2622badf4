import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { manifest, stackDir } from "../../support/stack-fixture.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { loadStack } from "../../../src/stack/load-stack.ts";
import { missingFeatures } from "../../../src/stack/stack.ts";

async function refusal(dir: string): Promise<FiredrillError> {
  try {
    await loadStack(dir);
  } catch (error) {
    assert.ok(error instanceof FiredrillError, String(error));
    return error;
  }
  assert.fail("loaded");
}

describe("a stack manifest", () => {
  it("loads the smallest complete one, with defaults, and says which scenarios it cannot run", async () => {
    const stack = await loadStack(await stackDir(manifest()));
    assert.equal(stack.manifest.traffic.replicas, 2);
    assert.equal(stack.manifest.versions.header, "x-firedrill-version");
    assert.equal(missingFeatures(stack, []), undefined);
    assert.match(missingFeatures(stack, ["next version", "health check"])!, /declares no next version, no health check \(stack\.yaml\)$/);
  });

  it("names the file, the field and the value of every problem (65)", async () => {
    const error = await refusal(await stackDir(manifest({ namespace: "Shop", traffic: { service: "nope", port: 0, network: "front", healthPath: "health" } })));
    assert.equal(error.code, "STACK_INVALID");
    assert.equal(exitCodeFor(error), 65);
    assert.match(error.message, /stack\.yaml: /);
    assert.match(error.message, /namespace = "Shop": a lower-case name/);
    assert.match(error.message, /traffic\.port = 0: /);
    assert.match(error.message, /traffic\.healthPath = "health": an HTTP path starting with \//);
  });

  it("refuses cross-references that do not hold: a traffic service not among the services, an unknown placeholder, an lb of its own", async () => {
    const unknown = await refusal(await stackDir(manifest({ services: ["db", "lb"], probe: { path: "/x/{{secret.token}}", expect: { status: 200 } } })));
    assert.match(unknown.message, /traffic\.service = "web": not one of services \(db, lb\)/);
    assert.match(unknown.message, /"lb" is firedrill's own lb service/);
    assert.match(unknown.message, /probe\.path = "\/x\/\{\{secret\.token\}\}": unknown placeholder \{\{secret\.token\}\}/);
  });

  it("refuses a compose file or an image context that is not there, naming the field", async () => {
    const error = await refusal(await stackDir(manifest(), ["shop.yml", "images/web/Dockerfile"]));
    assert.match(error.message, /images\.db\.context = "images\/db\/Dockerfile": no such file/);
    const escape = await refusal(await stackDir(manifest({ compose: ["../elsewhere.yml"] })));
    assert.match(escape.message, /compose\.0 = "\.\.\/elsewhere\.yml": a path inside the stack's folder/);
  });

  it("is not found (66) where there is no stack.yaml", async () => {
    const error = await refusal(path.join(os.tmpdir(), "fd-no-such-stack"));
    assert.equal(error.code, "STACK_NOT_FOUND");
    assert.equal(exitCodeFor(error), 66);
  });

  it("firedrill's own stacks load, both declaring every scenario's needs", async () => {
    for (const name of ["wordpress", "notes"]) {
      const stack = await loadStack(name);
      assert.equal(missingFeatures(stack, ["next version", "broken version", "health check", "blue-green"]), undefined, name);
    }
  });
});

describe("a stack's compose files, as the manifest needs them", () => {
  it("refuse a service called lb, and a declared health check the no-health-check scenario could not disable", async () => {
    const dir = await stackDir(manifest({ healthCheck: { service: "web" } }));
    await writeFile(path.join(dir, "shop.yml"), stringify({ services: { web: { image: "x" }, lb: { image: "y" } } }));
    assert.match((await refusal(dir)).message, /shop\.yml declares a service "lb": that is firedrill's own lb/);
    await writeFile(path.join(dir, "shop.yml"), stringify({ services: { web: { image: "x", healthcheck: { test: ["CMD", "true"] } } } }));
    assert.match((await refusal(dir)).message, /healthCheck\.service = "web": shop\.yml sets its healthcheck\.test/);
    await writeFile(path.join(dir, "shop.yml"), stringify({ services: { web: { image: "x" } } }));
    assert.equal((await loadStack(dir)).manifest.healthCheck?.service, "web");
  });
});
