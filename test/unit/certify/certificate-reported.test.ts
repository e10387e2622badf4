import assert from "node:assert/strict";
import { certificateFor } from "../../../src/certify/certificate.ts";
import { certificateMarkdown } from "../../../src/certify/certificate-markdown.ts";
import type { ScenarioResult } from "../../../src/scenarios/scenario-result.ts";
import { testProfile } from "../../support/profile-fixture.ts";
import { history } from "../checks/fixtures.ts";

const hostHalt: ScenarioResult = {
  name: "host-halt",
  title: "host halt",
  description: "",
  verdict: "passed",
  checks: [
    { name: "time to recover", status: "passed", measured: 4200, budget: 15_000, unit: "ms", detail: "recovered 4.2s after T0 (budget 15s)" },
    { name: "worst second's error ratio", status: "passed", measured: 1, unit: "ratio", detail: "100% (no budget)" },
  ],
  budget: {},
  history: history({ t0: 1000, windowEnd: 2000 }),
  phases: [],
  residue: [],
  startedAt: 0,
  endedAt: 1,
};

describe("a certificate's checks", () => {
  it("lists a figure with no budget as reported, not passed", () => {
    const md = certificateMarkdown(certificateFor({ profile: testProfile({ name: "hardened" }), runId: "r1", startedAt: 0, endedAt: 1, results: [hostHalt] }));
    assert.match(md, /^\| time to recover \| passed \| 4\.2s \| 15s \|$/m);
    assert.match(md, /^\| worst second's error ratio \| reported \| 100% \| - \|$/m);
  });
});
