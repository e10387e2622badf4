import assert from "node:assert/strict";
import { parseLabOptions } from "../../../src/lab/lab-options.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";

describe("lab options", () => {
  it("fills defaults: 3 hosts, 1 manager, any edge port, attached", () => {
    const o = parseLabOptions({});
    assert.equal(o.hosts, 3);
    assert.equal(o.managers, 1);
    assert.equal(o.edgePort, 0);
    assert.equal(o.detached, false);
    assert.deepEqual(o.engine, { flags: [], daemonJson: {} });
    assert.equal(o.budgets.convergeMs, 240_000);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["zero hosts", { hosts: 0 }, /hosts = 0: .*>=1/],
    ["ten hosts", { hosts: 10 }, /hosts = 10: .*<=9/],
    ["fractional hosts", { hosts: 2.5 }, /hosts = 2.5/],
    ["more managers than hosts", { hosts: 1, managers: 3 }, /managers = 3: managers cannot outnumber hosts/],
    ["an even number of managers", { hosts: 4, managers: 2 }, /managers = 2: use an odd number/],
    ["an engine flag without dashes", { engine: { flags: ["debug"] } }, /engine.flags.0 = "debug": a dockerd flag starts with --/],
    ["an unknown key", { hostz: 3 }, /hostz/],
    ["an edge port out of range", { edgePort: 70000 }, /edgePort = 70000/],
    ["a run id with capitals", { runId: "MyRun" }, /runId = "MyRun": a run id is/],
    ["a negative budget", { budgets: { convergeMs: -1 } }, /budgets.convergeMs = -1/],
  ];
  for (const [what, input, message] of bad) {
    it(`refuses ${what}, naming the field and value`, () => {
      assert.throws(
        () => parseLabOptions(input, "profiles/x.yaml"),
        (e: unknown) =>
          e instanceof FiredrillError && e.kind === "input" && e.message.startsWith("profiles/x.yaml: ") && message.test(e.message),
      );
    });
  }
});
