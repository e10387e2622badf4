import { certificateFor, type Certificate } from "../../certify/certificate.ts";
import type { Profile } from "../../profiles/load-profile.ts";
import { daemonFreeze } from "../../scenarios/definitions/daemon-freeze.ts";
import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { ScenarioResult } from "../../scenarios/scenario-result.ts";
import { MISSING_SCENARIO } from "./control-names.ts";
import type { TrustRow } from "./trust-row.ts";

/**
 * A control judged on a real result rather than during one: the scenario is run as it is
 * on the lab, and what firedrill makes of its result afterwards (a certificate, a merge)
 * is sabotaged. Every such control shares the one run.
 */
export interface ResultControl {
  name: string;
  /** Run as it is on the lab; its result is what the control judges. */
  scenario: Scenario;
  judge(control: ScenarioResult): TrustRow;
}

/**
 * A catalog of two scenarios certified from the result of only one. The same result is
 * first certified against a catalog of itself alone, which must certify: so the refusal
 * can only be for the scenario that is missing, not for the result that is there.
 */
export function missingScenario(profile: Profile, ran: Scenario = hostHaltWithHealthChecks, missing: Scenario = daemonFreeze): ResultControl {
  return {
    name: MISSING_SCENARIO,
    scenario: ran,
    judge(control) {
      const certify = (catalog: readonly Scenario[]): Certificate =>
        certificateFor({ profile, runId: "bench-trust", startedAt: control.startedAt, endedAt: control.endedAt, results: [control] }, { catalog });
      const complete = certify([ran]);
      const minusOne = certify([ran, missing]);
      const row = {
        sabotage: MISSING_SCENARIO,
        title: `${profile.name}'s certificate for {${ran.name}, ${missing.name}} from ${ran.name}'s result only`,
        scenario: `certificate`,
        expected: "not certified",
        verdict: minusOne.status,
      };
      if (complete.status !== "certified") {
        const why = control.verdict === "passed" ? `the certificate for ${ran.name} alone was ${complete.status} (${complete.reason})` : `${ran.name} itself was ${control.verdict}`;
        return { ...row, caught: false, by: `void control: ${why}, so a refusal would not be for the missing scenario` };
      }
      const caught = minusOne.status === "not certified";
      return { ...row, caught, by: caught ? (minusOne.reason ?? "no reason given") : `${minusOne.status} without ${missing.name}` };
    },
  };
}
