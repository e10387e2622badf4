import assert from "node:assert/strict";
import { chmod, mkdtemp, writeFile, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { hashContext } from "../../../src/images/context-hash.ts";

describe("build context hash", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "fd-hash-"));
    await writeFile(path.join(dir, "Dockerfile"), "FROM base\n");
    await mkdir(path.join(dir, "conf"));
    await writeFile(path.join(dir, "conf", "a.cfg"), "a=1\n");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("is stable for an unchanged context and 12 hex characters long", async () => {
    const first = await hashContext(dir, ["firedrill/base:1"]);
    assert.match(first, /^[0-9a-f]{12}$/);
    assert.equal(await hashContext(dir, ["firedrill/base:1"]), first);
  });

  it("changes when a file's content changes", async () => {
    const before = await hashContext(dir);
    await writeFile(path.join(dir, "conf", "a.cfg"), "a=2\n");
    assert.notEqual(await hashContext(dir), before);
  });

  it("changes when a file is added or renamed", async () => {
    const before = await hashContext(dir);
    await writeFile(path.join(dir, "conf", "b.cfg"), "a=1\n");
    assert.notEqual(await hashContext(dir), before);
  });

  it("changes when a script loses its execute bit", async () => {
    await chmod(path.join(dir, "conf", "a.cfg"), 0o755);
    const executable = await hashContext(dir);
    await chmod(path.join(dir, "conf", "a.cfg"), 0o644);
    assert.notEqual(await hashContext(dir), executable);
  });

  it("changes with the base image it builds on", async () => {
    assert.notEqual(await hashContext(dir, ["firedrill/base:1"]), await hashContext(dir, ["firedrill/base:2"]));
  });
});
