import assert from "node:assert/strict";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { codeIdentity, codeText, sourceDigest } from "../../../src/drill/code-identity.ts";
import { repoRoot } from "../../../src/util/paths.ts";
import { FIREDRILL_VERSION } from "../../../src/util/version.ts";

describe("firedrill's code identity", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "fd-code-"));
    await mkdir(path.join(root, "src", "checks"), { recursive: true });
    await mkdir(path.join(root, "assets", "lb"), { recursive: true });
    await mkdir(path.join(root, "test"), { recursive: true });
    await writeFile(path.join(root, "src", "checks", "error-ratio.ts"), "export const budget = 0.01;\n");
    await writeFile(path.join(root, "assets", "lb", "lb-unchecked.cfg"), "retries 0\n");
    await writeFile(path.join(root, "package-lock.json"), '{"lockfileVersion":3}\n');
    await writeFile(path.join(root, "README.md"), "# firedrill\n");
    await writeFile(path.join(root, "test", "a.test.ts"), "it('a', () => {});\n");
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("changes with a check's code, an lb's configuration, the locked dependencies or a file's name", async () => {
    const before = sourceDigest(root);
    assert.match(before, /^[0-9a-f]{16}$/);
    assert.equal(sourceDigest(root), before, "the same files give the same digest");
    await writeFile(path.join(root, "src", "checks", "error-ratio.ts"), "export const budget = 1;\n");
    const check = sourceDigest(root);
    assert.notEqual(check, before);
    await writeFile(path.join(root, "assets", "lb", "lb-unchecked.cfg"), "retries 3\noption redispatch\n");
    const lb = sourceDigest(root);
    assert.notEqual(lb, check);
    await writeFile(path.join(root, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}\n');
    const lock = sourceDigest(root);
    assert.notEqual(lock, lb);
    await rename(path.join(root, "src", "checks", "error-ratio.ts"), path.join(root, "src", "checks", "error-ratio-old.ts"));
    assert.notEqual(sourceDigest(root), lock);
  });

  it("does not change with what judges nothing: docs and tests", async () => {
    const before = sourceDigest(root);
    await writeFile(path.join(root, "README.md"), "# firedrill, reworded\n");
    await writeFile(path.join(root, "test", "a.test.ts"), "it('b', () => {});\n");
    assert.equal(sourceDigest(root), before);
  });

  it("is this checkout's: package.json's version, the digest of its sources, and its commit where it is a clone", () => {
    const code = codeIdentity();
    assert.equal(code.version, FIREDRILL_VERSION);
    assert.equal(code.digest, sourceDigest(repoRoot));
    if (code.commit !== undefined) assert.match(code.commit, /^[0-9a-f]{40}$/);
    assert.equal(codeText(code), `${FIREDRILL_VERSION} (sources ${code.digest})`);
  });
});
