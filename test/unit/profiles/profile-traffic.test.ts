import assert from "node:assert/strict";
import { validateProfile } from "../../../src/profiles/profile-schema.ts";
import { parseTrafficSpec } from "../../../src/traffic/traffic-spec.ts";
import { thrown } from "../../support/thrown.ts";

const FILE = "profiles/x.yaml";
const base = { name: "x", description: "a profile under test" };

describe("a profile's traffic", () => {
  it("is read into profile.traffic, parsed: load:rate=200", () => {
    const profile = validateProfile({ ...base, traffic: "load:rate=200" }, FILE);
    assert.deepEqual(profile.traffic, parseTrafficSpec("load:rate=200", "traffic"));
    assert.equal(profile.traffic?.kind === "load" && profile.traffic.rate, 200);
  });

  it("is absent when the profile says nothing of it (the probe alone)", () => {
    assert.equal("traffic" in validateProfile(base, FILE), false);
  });

  it("keeps a k6 script as written, without looking for it or for k6 (the plan does)", () => {
    const profile = validateProfile({ ...base, traffic: "k6:scripts/not-here.js" }, FILE);
    assert.deepEqual(profile.traffic, { kind: "k6", text: "k6:scripts/not-here.js", script: "scripts/not-here.js" });
  });

  it("refuses load:speed=3 with PROFILE_INVALID, naming the file, traffic and the value", () => {
    const error = thrown(() => validateProfile({ ...base, traffic: "load:speed=3" }, FILE));
    assert.equal(error.code, "PROFILE_INVALID");
    assert.equal(error.kind, "input");
    assert.match(error.message, /^profiles\/x\.yaml: traffic = "load:speed=3": unknown key "speed" \(known: rate, concurrency, writes, timeout\b/);
  });

  it("reports a bad traffic beside the profile's other problems, in the file's order", () => {
    const error = thrown(() => validateProfile({ ...base, traffic: "load:rate=0", hosts: 0 }, FILE));
    assert.equal(error.code, "PROFILE_INVALID");
    assert.match(error.message, /^profiles\/x\.yaml: traffic = "load:rate=0": rate is a whole number from 1 to 5000; hosts = 0: /);
  });

  it("refuses a traffic that is not text, or blank", () => {
    assert.match(thrown(() => validateProfile({ ...base, traffic: 200 }, FILE)).message, /^profiles\/x\.yaml: traffic = 200: /);
    assert.match(thrown(() => validateProfile({ ...base, traffic: "  " }, FILE)).message, /^profiles\/x\.yaml: traffic = " {2}": a traffic profile: probe, load:rate=N or k6:script\.js/);
  });
});
