import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { trafficOfScenario } from "../../../src/drill/plan-traffic.ts";
import type { Profile } from "../../../src/profiles/profile-schema.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";
import { parseTrafficSpec, PROBE_ONLY } from "../../../src/traffic/traffic-spec.ts";
import { repoRoot } from "../../../src/util/paths.ts";
import { thrown } from "../../support/thrown.ts";

const STANDIN = path.join(repoRoot, "test", "support", "k6-standin", "k6");

/** A profile as loaded, with the traffic given (or none). */
function profile(traffic?: string): Profile {
  return {
    file: "profiles/hardened.yaml",
    name: "hardened",
    description: "the hardened profile",
    digest: "0123456789abcdef",
    lab: { hosts: 3, managers: 1, engine: { flags: [], daemonJson: {} }, resources: {} },
    budgets: {},
    scenarioBudgets: {},
    ...(traffic ? { traffic: parseTrafficSpec(traffic, "traffic") } : {}),
  };
}

/** A scenario that does nothing, needing the traffic given (or none). */
function scenario(traffic?: string): Scenario {
  return {
    name: traffic ? "slow-db" : "host-halt",
    title: "A scenario under test",
    description: "",
    budget: {},
    method: async () => undefined,
    ...(traffic ? { traffic } : {}),
  };
}

const flag = (text: string) => parseTrafficSpec(text, "--traffic");

describe("a scenario's traffic in the plan", () => {
  let tmp: string;
  let script: string;
  const saved = { PATH: process.env.PATH, FIREDRILL_K6: process.env.FIREDRILL_K6 };

  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "firedrill-plan-traffic-"));
    script = path.join(tmp, "edge-read.js");
    writeFileSync(script, "export default function () {}\n");
    mkdirSync(path.join(tmp, "empty-bin"));
  });

  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  /** No k6 anywhere: PATH is an empty folder and FIREDRILL_K6 is unset (restored after each test). */
  function noK6(): void {
    process.env.PATH = path.join(tmp, "empty-bin");
    delete process.env.FIREDRILL_K6;
  }

  it("takes the --traffic flag over the profile's, the scenario's own and the probe", () => {
    assert.deepEqual(trafficOfScenario(scenario("load:rate=50"), flag("load:rate=300"), profile("load:rate=200")), { traffic: flag("load:rate=300"), trafficSource: "--traffic" });
  });

  it("takes the profile's traffic over the scenario's own when there is no flag", () => {
    const planned = trafficOfScenario(scenario("load:rate=50"), undefined, profile("load:concurrency=8"));
    assert.equal(planned.trafficSource, "profile");
    assert.equal(planned.traffic.text, "load:concurrency=8");
  });

  it("takes the scenario's own traffic when neither the flag nor the profile asks for any", () => {
    const planned = trafficOfScenario(scenario("load:rate=50"), undefined, profile());
    assert.deepEqual(planned, { traffic: parseTrafficSpec("load:rate=50", "scenario"), trafficSource: "scenario" });
  });

  it("runs the probe alone, by default, when nothing asks for traffic", () => {
    assert.deepEqual(trafficOfScenario(scenario(), undefined, profile()), { traffic: PROBE_ONLY, trafficSource: "default" });
  });

  it("keeps a scenario's own traffic under --traffic probe or a profile's traffic: probe (it means nothing without load)", () => {
    assert.deepEqual(trafficOfScenario(scenario("load:rate=50"), flag("probe"), profile()), { traffic: parseTrafficSpec("load:rate=50", "scenario"), trafficSource: "scenario" });
    assert.equal(trafficOfScenario(scenario("load:rate=50"), undefined, profile("probe")).trafficSource, "scenario");
    assert.equal(trafficOfScenario(scenario(), flag("probe"), profile()).traffic.kind, "probe");
  });

  it("refuses a scenario whose own traffic is malformed, naming the scenario", () => {
    const error = thrown(() => trafficOfScenario(scenario("load:rate=0"), undefined, profile()));
    assert.equal(error.code, "TRAFFIC_INVALID");
    assert.match(error.message, /^scenario slow-db: traffic = "load:rate=0": /);
  });

  it("refuses a k6 flag whose script is not there, naming the file, before looking for k6", () => {
    noK6();
    const missing = path.join(tmp, "missing.js");
    const error = thrown(() => trafficOfScenario(scenario(), flag(`k6:${missing}`), profile()));
    assert.equal(error.code, "TRAFFIC_INVALID");
    assert.equal(error.kind, "input");
    assert.equal(error.message, `--traffic = "k6:${missing}": the script ${missing} is not there`);
  });

  it("refuses a k6 script that is a folder, and a profile's missing script naming the profile", () => {
    assert.equal(thrown(() => trafficOfScenario(scenario(), flag(`k6:${tmp}`), profile())).code, "TRAFFIC_INVALID");
    const missing = path.join(tmp, "gone.js");
    const error = thrown(() => trafficOfScenario(scenario(), undefined, profile(`k6:${missing}`)));
    assert.equal(error.code, "TRAFFIC_INVALID");
    assert.equal(error.message, `profiles/hardened.yaml: traffic = "k6:${missing}": the script ${missing} is not there`);
  });

  it("refuses a k6 script when FIREDRILL_K6 is unset and no k6 is on PATH: K6_NOT_FOUND, never a fall-back to the load", () => {
    noK6();
    const error = thrown(() => trafficOfScenario(scenario("load:rate=50"), flag(`k6:${script}`), profile()));
    assert.equal(error.code, "K6_NOT_FOUND");
    assert.equal(error.kind, "environment");
    assert.equal(error.message, `--traffic = "k6:${script}": no k6 on PATH and FIREDRILL_K6 is not set`);
    assert.match(error.hint, /load:rate=N/);
  });

  it("gives the k6 spec the executable FIREDRILL_K6 names", () => {
    noK6();
    process.env.FIREDRILL_K6 = STANDIN;
    const planned = trafficOfScenario(scenario(), flag(`k6:${script}`), profile());
    assert.equal(planned.trafficSource, "--traffic");
    assert.deepEqual(planned.traffic, { kind: "k6", text: `k6:${script}`, script, executable: STANDIN });
  });

  it("gives the k6 spec the first k6 on PATH when FIREDRILL_K6 is unset", () => {
    noK6();
    process.env.PATH = path.dirname(STANDIN);
    const planned = trafficOfScenario(scenario(), undefined, profile(`k6:${script}`));
    assert.equal(planned.trafficSource, "profile");
    assert.equal(planned.traffic.kind === "k6" && planned.traffic.executable, STANDIN);
  });
});
