import assert from "node:assert/strict";
import path from "node:path";
import { repoRoot } from "../../../src/util/paths.ts";
import { cycles, folderGraph, folderOf, importGraph } from "./import-graph.ts";

/**
 * The folders of src/, lowest first: a folder imports only folders before it. Reading a
 * drill from cli/commands/drill.ts down, one never climbs back up a folder.
 */
const LAYERS = [
  "errors",
  "util",
  "probe",
  "docker",
  "engine",
  "agent",
  "inventory",
  "images",
  "lab",
  "platform",
  "stack",
  "traffic",
  "history",
  "faults",
  "checks",
  "scenarios",
  "report",
  "profiles",
  "drill",
  "certify",
  "doctor",
  "bench",
  "cli",
];

const src = path.join(repoRoot, "src");
const files = importGraph(src);

describe("the shape of src/", () => {
  it("has no import cycle between files", () => {
    assert.deepEqual(cycles(files), []);
  });

  it("has no import cycle between folders", () => {
    assert.deepEqual(cycles(folderGraph(files)), []);
  });

  it("every folder is in the layer list, and imports only the layers below it", () => {
    const upward: string[] = [];
    for (const [file, targets] of files) {
      const from = LAYERS.indexOf(folderOf(file));
      assert.ok(from >= 0, `${folderOf(file)}/ is not in LAYERS (test/unit/repo/layers.test.ts): place it`);
      for (const target of targets) {
        if (LAYERS.indexOf(folderOf(target)) > from) upward.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it("the lab imports no fault, image or command code", () => {
    const lab = [...files].filter(([file]) => folderOf(file) === "lab").flatMap(([file, targets]) => targets.filter((t) => ["faults", "images", "cli"].includes(folderOf(t))).map((t) => `${file} -> ${t}`));
    assert.deepEqual(lab, []);
  });

  it("finds the imports it checks (a test that saw none would pass on anything)", () => {
    assert.ok(files.size > 150, `${files.size} files`);
    assert.ok((files.get(path.join("cli", "commands", "drill.ts")) ?? []).includes(path.join("drill", "plan.ts")));
  });
});
