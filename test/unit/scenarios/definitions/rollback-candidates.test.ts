import assert from "node:assert/strict";
import type { Budget } from "../../../../src/checks/budget.ts";
import type { CheckResult } from "../../../../src/checks/check-result.ts";
import type { History } from "../../../../src/history/history.ts";
import { rollbackWithFrozenHost, rollbackWithRegistryBlocked } from "../../../../src/scenarios/definitions/rollback-candidates.ts";
import type { Scenario } from "../../../../src/scenarios/scenario.ts";
import { history } from "../../checks/fixtures.ts";

/** What the scenario records of the version to roll back to, before the upgrade and as the rollback starts. */
interface RollbackCandidate {
  image: string;
  inRegistry: boolean;
  cachedOn: string[];
  usableOn?: string[];
  previousSpecKept?: boolean;
}

const IMAGE = "registry:5000/firedrill/wordpress:abc123";

/** What the scenario established before the rollback: in the registry, cached on two hosts, one of them frozen since. */
const good: RollbackCandidate = { image: IMAGE, inRegistry: true, cachedOn: ["host-2", "host-3"], usableOn: ["host-3"], previousSpecKept: true };

/** The scenario's rollback candidate check, on a history holding this candidate (or none). */
function candidateCheck(scenario: Scenario, candidate?: RollbackCandidate): CheckResult {
  const h: History = history({ t0: 1000, windowEnd: 5000, facts: candidate ? { rollbackCandidate: candidate } : {} });
  const check = scenario.checks!(h, scenario.budget as Budget).find((c) => c.name === "rollback candidate");
  assert.ok(check, `${scenario.name} makes no rollback candidate check`);
  return check;
}

describe("the rollback candidate", () => {
  it("passes with its image in the registry, cached on a healthy host and the previous spec kept, and says so", () => {
    const check = candidateCheck(rollbackWithFrozenHost, good);
    assert.equal(check.status, "passed");
    assert.equal(check.measured, 1, "one host can run it");
    assert.equal(check.detail, `${IMAGE}: in registry yes; cached on host-2, host-3; usable on host-3; previous spec kept yes`);
  });

  it("fails when no healthy host has the image cached, saying why it cannot roll back", () => {
    const check = candidateCheck(rollbackWithFrozenHost, { ...good, usableOn: [] });
    assert.equal(check.status, "failed");
    assert.equal(check.measured, 0);
    assert.match(check.detail, /usable on no host; .*: cannot roll back: no healthy host has its image cached$/);
  });

  it("fails when the previous service spec was not kept", () => {
    const check = candidateCheck(rollbackWithFrozenHost, { ...good, previousSpecKept: false });
    assert.equal(check.status, "failed");
    assert.match(check.detail, /cannot roll back: the previous service spec was not kept$/);
  });

  it("needs the image in the registry while the registry is reachable, and lists every reason together", () => {
    const check = candidateCheck(rollbackWithFrozenHost, { ...good, inRegistry: false, usableOn: [] });
    assert.equal(check.status, "failed");
    assert.match(check.detail, /cannot roll back: its image is not in the registry; no healthy host has its image cached$/);
  });

  it("does not need the image in the registry when the registry is blocked anyway: the cache is what counts", () => {
    assert.equal(candidateCheck(rollbackWithRegistryBlocked, { ...good, inRegistry: false }).status, "passed");
    assert.equal(candidateCheck(rollbackWithRegistryBlocked, { ...good, inRegistry: false, usableOn: [] }).status, "failed");
  });

  it("is unknown when the scenario never got to check it", () => {
    const check = candidateCheck(rollbackWithFrozenHost);
    assert.equal(check.status, "unknown");
    assert.equal(check.detail, "could not be checked: the candidate was never checked");
  });
});
