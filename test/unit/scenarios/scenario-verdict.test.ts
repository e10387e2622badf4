import assert from "node:assert/strict";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { platformError } from "../../../src/errors/firedrill-error.ts";
import { isPlatformFinding, platformFinding, scenarioVerdict } from "../../../src/scenarios/scenario-verdict.ts";

const check = (name: string, status: CheckResult["status"], extra: Partial<CheckResult> = {}): CheckResult => ({ name, status, unit: "ms", detail: `${name} ${status}`, ...extra });

describe("scenario verdict", () => {
  it("passes only when every check passed and nothing else went wrong", () => {
    assert.deepEqual(scenarioVerdict([check("a", "passed")], undefined, undefined), { verdict: "passed" });
  });

  it("keeps a missed budget failed when residue was found too (residue used to hide it as broken)", () => {
    const v = scenarioVerdict([check("time to recover", "failed"), check("downtime", "passed")], undefined, "residue: host-2: rule firedrill:ab12");
    assert.equal(v.verdict, "failed");
    assert.match(v.reason ?? "", /time to recover.*residue: host-2/);
  });

  it("makes residue alone broken", () => {
    assert.deepEqual(scenarioVerdict([check("a", "passed")], undefined, "residue: x"), { verdict: "broken", reason: "residue: x", code: "RESIDUE" });
  });

  it("fails a scenario whose data was lost even when the harness broke", () => {
    const v = scenarioVerdict([check("durability", "failed", { standsAlone: true }), check("convergence", "failed")], { reason: "restore failed", code: "WAIT_TIMEOUT" }, undefined);
    assert.equal(v.verdict, "failed");
    assert.match(v.reason ?? "", /^durability failed; the harness also broke: restore failed/);
  });

  it("keeps a broken harness broken when only figures over the window failed, even one read from the platform", () => {
    // The harness breaking mid-window (a command of its own failing) may be what kept the
    // platform from converging: "never converged" does not stand alone then.
    const never = check("convergence", "failed", { fromPlatform: true });
    const v = scenarioVerdict([never, check("error ratio", "failed")], { reason: "fault not proven", code: "FAULT_NOT_PROVEN" }, undefined);
    assert.deepEqual(v, { verdict: "broken", reason: "fault not proven", code: "FAULT_NOT_PROVEN" });
  });

  it("breaks a starved window even where a figure failed, and says where", () => {
    const starved = check("probe schedule", "unknown", { voidsWindow: true, detail: "the probe was starved from T0+1s to T0+4s: the figures over that stretch are unknown" });
    const v = scenarioVerdict([starved, check("longest gap", "failed")], undefined, undefined);
    assert.deepEqual(v, { verdict: "broken", reason: starved.detail, code: "PROBE_STARVED" });
  });

  it("turns the platform not doing its job into a failed check that stands alone", () => {
    const error = platformError("PLATFORM_TIMEOUT", "wp_wordpress: update rollback_completed: not done within its budget of 150s", "hint");
    assert.ok(isPlatformFinding(error));
    assert.ok(!isPlatformFinding(new Error("x")));
    const finding = platformFinding("method", error);
    assert.equal(finding.status, "failed");
    assert.equal(scenarioVerdict([finding], { reason: "later harness trouble" }, undefined).verdict, "failed");
  });
});

describe("scenario verdict: a starved probe beside a failure that does not come from the probe", () => {
  it("stays failed when the platform never converged, whatever the probe saw", () => {
    const starved: CheckResult = { name: "probe schedule", status: "unknown", unit: "ms", voidsWindow: true, detail: "the probe was starved from T0+9s to T0+9.4s: the figures over that stretch are unknown" };
    const never: CheckResult = { name: "convergence", status: "failed", unit: "ms", fromPlatform: true, detail: "never converged in the window" };
    const v = scenarioVerdict([starved, never], undefined, undefined);
    assert.equal(v.verdict, "failed");
    assert.match(v.reason ?? "", /^convergence failed even at best; the rest is unknown: the probe was starved/);
  });
});
