import assert from "node:assert/strict";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import { faultKind } from "../../src/faults/fault-catalog.ts";
import { ActiveFaults, FaultJournal } from "../../src/faults/fault-journal.ts";
import { auditLab, diffAudits } from "../../src/faults/host-audit.ts";
import { Fault } from "../../src/faults/inject-fault.ts";
import { portHolders } from "../../src/faults/port-collision.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { firedrill } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * A port-collision on a port the lab itself holds (port 80 is the lb's on every host,
 * published in host mode): refused saying who holds it and what to do instead, never a
 * bare "port is already allocated".
 */
describe("port-collision on a port that is already held (shared lab)", function () {
  this.timeout(120_000);
  let shared: LabWithStack;
  /** firedrill's lb in the stack's namespace (wp_lb for the default stack). */
  const lb = () => `${shared.deployed.stack.manifest.namespace}_lb`;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  it("names the lb's task as the holder of port 80, through the host's engine", async () => {
    const { lab } = shared;
    const holders = await portHolders(lab, lab.host("host-2"), 80);
    assert.equal(holders.length, 1, JSON.stringify(holders));
    assert.equal(holders[0]!.service, lb());
    assert.match(holders[0]!.what, new RegExp(`^Swarm service ${lb()} \\(task ${lb()}\\.\\w+\\.\\w+\\)$`));
    assert.deepEqual(await portHolders(lab, lab.host("host-2"), 8089), [], "nothing holds a port nothing publishes");
  });

  for (const squatter of ["container", "process"]) {
    it(`\`firedrill fault port-collision --squatter ${squatter}\` on port 80 is refused (64), naming the holder and what to do, with nothing touched`, async () => {
      const { lab } = shared;
      const before = await auditLab(lab);
      const cli = await firedrill(["fault", "port-collision", "--run", lab.runId, "--host", "host-2", "--squatter", squatter, "--for", "1s"]);
      assert.equal(cli.code, 64, cli.stderr);
      assert.match(cli.stderr, new RegExp(`port-collision: port 80 on host-2 is already held, by Swarm service ${lb()} \\(task ${lb()}\\.\\w+\\.\\w+\\)\n`));
      assert.match(cli.stderr, /code: PORT_HELD/);
      assert.match(cli.stderr, /fix: {2}Pick another --port, one nothing publishes on host-2 \(for example --port 8081\)/);
      assert.match(cli.stderr, new RegExp(`or run the port-collision scenario, which frees port 80 first[\\s\\S]*\`firedrill drill --run ${lab.runId} --scenario port-collision\``));
      assert.doesNotMatch(cli.stderr, /FAULT_NOT_PROVEN|firedrill doctor/, "not the generic hint");
      assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), [], "nothing was recorded");
      assert.deepEqual(diffAudits(before, await auditLab(lab)), [], "nothing was touched");
    });
  }

  it("through the library (as the scenario injects it), the unproven fault names the holder too", async () => {
    const { lab } = shared;
    await using active = new ActiveFaults();
    await assert.rejects(
      new Fault(faultKind("port-collision"), "host-2", { port: "80" }).inject(lab, active),
      (e: unknown) =>
        e instanceof FiredrillError &&
        e.code === "FAULT_NOT_PROVEN" &&
        new RegExp(`could not take port 80: .*port is already allocated; port 80 on host-2 is held by Swarm service ${lb()} \\(task ${lb()}\\.`).test(e.message),
    );
    assert.equal(active.size, 0);
    assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), []);
  });
});
