import assert from "node:assert/strict";
import { Status } from "allure-js-commons";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { checkK6Thresholds } from "../../../src/checks/k6-thresholds.ts";
import { checkObservationsSettled } from "../../../src/checks/observations-settled.ts";
import { faultEffects } from "../../../src/checks/fault-effects.ts";
import { pinnedReportedUnavailable } from "../../../src/checks/pinned-reported-unavailable.ts";
import { pinnedStayedPut } from "../../../src/checks/pinned-stayed-put.ts";
import { checkProbeSchedule } from "../../../src/checks/probe-schedule.ts";
import { serviceIntact } from "../../../src/checks/service-intact.ts";
import { shownStatus } from "../../../src/checks/shown-status.ts";
import { checkWorstSecond } from "../../../src/checks/worst-second.ts";
import type { FaultEvent } from "../../../src/history/history.ts";
import { checksCsv, checkStepName, checkStepStatus } from "../../../src/report/allure-scenario.ts";
import { updateOutcome } from "../../../src/scenarios/definitions/failed-upgrade.ts";
import { rollbackWithFrozenHost } from "../../../src/scenarios/definitions/rollback-candidates.ts";
import type { Budget } from "../../../src/checks/budget.ts";
import { history, probe, service, snapshot } from "./fixtures.ts";

const halt: FaultEvent = { id: "f-1", kind: "host-halt", host: "host-2", options: {}, injectedAt: 1000, effectSeenAt: 1200, evidence: [], revertedAt: 3000 };
const db = [service("wp_db", "replicated", 1)];
// A view a second, from T0 to the window's end: host-2 down while halted, the db pending, then back.
const cluster = [
  snapshot(1000, { services: db, tasks: { wp_db: ["host-2"] } }),
  snapshot(2000, { services: db, down: ["host-2"], tasks: {} }),
  snapshot(3000, { services: [{ ...db[0]!, updateState: "completed" }], tasks: { wp_db: ["host-2"] } }),
  snapshot(4000, { services: [{ ...db[0]!, updateState: "completed" }], tasks: { wp_db: ["host-2"] } }),
];
const h = history({ t0: 1000, windowEnd: 4000, faults: [halt], cluster, samples: probe("++++++++++++++++++++++++++++++", { start: 1000 }), observations: [{ what: "recovered", from: 1000, to: 3000, maxMs: 60_000, settled: true }] });

/** Checks that hold the platform to a rule, each passing on the history above. */
const judging = (): CheckResult[] => [
  // Blue is the db here, left alone: no fault, so host-2 is not down in these views.
  serviceIntact({ ...h, faults: [], cluster: [cluster[0]!, cluster[2]!, cluster[3]!] }, ["wp_db"], "blue intact"),
  pinnedStayedPut(h, { service: "wp_db", pinnedHost: "host-2" }),
  pinnedReportedUnavailable(h, { service: "wp_db", pinnedHost: "host-2" }),
  checkObservationsSettled(h),
  updateOutcome(h, "wp_db", ["completed"]),
  checkProbeSchedule(h),
  ...checkK6Thresholds({ traffic: { source: "k6", spec: "k6:x.ts", seconds: [], k6: { exitCode: 0, thresholds: ["http_req_failed: rate<0.01"] } } }),
  rollbackWithFrozenHost.checks!(
    history({ facts: { rollbackCandidate: { image: "img", inRegistry: true, cachedOn: ["host-3"], usableOn: ["host-3"], previousSpecKept: true } } }),
    rollbackWithFrozenHost.budget as Budget,
  ).find((c) => c.name === "rollback candidate")!,
];

describe("how a check is shown", () => {
  it("shows a check that judged a rule and held as passed, everywhere a person reads it", () => {
    for (const check of judging()) {
      assert.equal(check.status, "passed", `${check.name}: ${check.detail}`);
      assert.equal(shownStatus(check), "passed", check.name);
      assert.equal(checkStepStatus(check), Status.PASSED, check.name);
      assert.doesNotMatch(checkStepName(check), /\(reported/, check.name);
      assert.match(checksCsv([check]).split("\n")[1]!, /^[^,]+,passed,/, check.name);
    }
  });

  it("shows a figure nobody budgeted as reported, not passed", () => {
    const figures = [checkWorstSecond(h, {}), ...faultEffects(h)];
    for (const figure of figures) {
      assert.equal(shownStatus(figure), "reported", figure.name);
      assert.notEqual(checkStepStatus(figure), Status.PASSED, figure.name);
      assert.match(checkStepName(figure), /\(reported, no budget\)$/, figure.name);
    }
  });

  it("counts a rule's violations against none allowed", () => {
    const settled = checkObservationsSettled(history({ observations: [{ what: "v2 served", from: 0, to: 9, maxMs: 9, settled: false }] }));
    assert.equal(settled.status, "failed");
    assert.equal(settled.measured, 1);
    assert.equal(settled.budget, 0);
  });
});
