import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../../src/util/paths.ts";

const version = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

describe("the CHANGELOG", () => {
  it("has an entry for package.json's version (the version follows the changes)", () => {
    const changelog = readFileSync(path.join(repoRoot, "CHANGELOG.md"), "utf8");
    const headings = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    assert.ok(headings.includes(version), `CHANGELOG.md has no "## [${version}]" heading (it has: ${headings.join(", ")})`);
    const released = headings.filter((h) => h !== "Unreleased");
    assert.equal(released[0], version, "the newest released entry is package.json's version");
  });

  it("is past 0.1.0, the version every commit said before the code's identity was recorded", () => {
    assert.notEqual(version, "0.1.0");
  });
});
