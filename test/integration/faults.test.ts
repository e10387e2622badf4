import assert from "node:assert/strict";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import { faultKind } from "../../src/faults/fault-catalog.ts";
import { ActiveFaults, FaultJournal } from "../../src/faults/fault-journal.ts";
import { auditLab, diffAudits } from "../../src/faults/host-audit.ts";
import { Fault } from "../../src/faults/inject-fault.ts";
import type { LabWithSite } from "../../src/stack/bring-up.ts";
import { waitForBaseline } from "../../src/stack/baseline.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * Every fault on the real lab: it is proven in effect (the evidence says what was seen),
 * its revert is proven, and the residue audit of every host is empty afterwards.
 */
const cases: Array<{ fault: string; options?: Record<string, string>; evidence: RegExp[] }> = [
  { fault: "daemon-freeze", evidence: [/dockerd T, containerd T/, /engine: no answer/, /still running/] },
  { fault: "host-pause", evidence: [/container paused/, /engine: no answer/] },
  { fault: "registry-block", options: { mode: "drop" }, evidence: [/drop rule for .*:5000/, /cannot pull .*no answer within 5s/, /host-1 pulled/] },
  { fault: "registry-block", options: { mode: "reject" }, evidence: [/reject rule/, /cannot pull .*connection refused/, /host-1 pulled/] },
  { fault: "registry-credentials", evidence: [/login for registry:5000 replaced/, /pull refused: .*(unauthorized|authentication required)/] },
  { fault: "port-collision", options: { port: "8081" }, evidence: [/container firedrill-squatter-\w+ holds port 8081/, /binding port 8081 fails: .*Address already in use/] },
  { fault: "port-collision", options: { port: "8082", squatter: "process" }, evidence: [/process firedrill-squatter-\w+ holds port 8082/, /Address already in use/] },
  { fault: "partition", evidence: [/traffic to and from host-1 .*host-2 .* dropped/, /no longer reach each other/, /runner still reaches host-3/] },
  { fault: "partition", options: { from: "managers" }, evidence: [/traffic to and from host-1 \([\d.]+\) dropped/, /host-3 and host-1 no longer reach/, /runner still reaches/] },
  { fault: "packet-loss", options: { share: "0.3" }, evidence: [/30% of packets/, /measured \d+\.\d% loss each way .* over 400 pings/] },
  { fault: "host-halt", options: { mode: "stop" }, evidence: [/container exited \(exit 0\)/, /engine: no answer/, /sees host-3 down/] },
  { fault: "host-halt", options: { mode: "kill" }, evidence: [/container exited \(exit 137\)/, /engine: no answer/, /sees host-3 down/] },
];

describe("faults on the real lab", function () {
  this.timeout(240_000);
  let shared: LabWithSite;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  for (const c of cases) {
    const label = `${c.fault}${c.options ? ` ${JSON.stringify(c.options)}` : ""}`;
    it(`${label}: proven in effect, reverted, no residue`, async () => {
      const { lab, site } = shared;
      await waitForBaseline(lab, site);
      const before = await auditLab(lab);
      await using active = new ActiveFaults();
      const injected = await new Fault(faultKind(c.fault), "host-3", c.options).inject(lab, active);
      assert.equal(injected.evidence.length, c.evidence.length, injected.evidence.map((e) => e.what).join("\n"));
      c.evidence.forEach((pattern, i) => assert.match(injected.evidence[i]!.what, pattern));
      assert.ok(injected.effectiveAt <= injected.evidence[injected.evidence.length - 1]!.at);
      assert.equal((await new FaultJournal(lab.outer, "").pending(lab.runId)).length, 1, "recorded while in effect");

      const report = await injected.revert();
      assert.ok(report.evidence.length > 0);
      assert.deepEqual(await injected.revert(), report, "a second revert is harmless and says the same");
      assert.equal(active.size, 0);
      assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), [], "the record is gone");
      assert.deepEqual(diffAudits(before, await auditLab(lab)), [], "residue");
      await waitForBaseline(lab, site);
    });
  }

  it("a fault that cannot be proven is reverted and raised as FAULT_NOT_PROVEN (port 80 is the lb's)", async () => {
    const { lab } = shared;
    const before = await auditLab(lab);
    await using active = new ActiveFaults();
    await assert.rejects(
      new Fault(faultKind("port-collision"), "host-2", { port: "80" }).inject(lab, active),
      (e: unknown) => e instanceof FiredrillError && e.code === "FAULT_NOT_PROVEN" && /could not take port 80/.test(e.message),
    );
    assert.equal(active.size, 0);
    assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), []);
    assert.deepEqual(diffAudits(before, await auditLab(lab)), []);
  });

  it("refuses bad fault input before touching anything", () => {
    assert.throws(() => faultKind("meteor-strike"), (e: unknown) => e instanceof FiredrillError && e.code === "FAULT_UNKNOWN" && e.message.includes("meteor-strike"));
    assert.throws(() => new Fault(faultKind("registry-block"), "host-2", { mode: "sideways" }), /mode = "sideways" is not one of drop, reject/);
    assert.throws(() => new Fault(faultKind("packet-loss"), "host-2", { share: "2" }), /share = "2" is not a number from 0.01 to 0.9/);
    assert.throws(() => new Fault(faultKind("host-pause"), "host-2", { mode: "x" }), /host-pause: no option "mode"/);
    assert.throws(() => shared.lab.host("host-9"), /no host host-9/);
  });
});
