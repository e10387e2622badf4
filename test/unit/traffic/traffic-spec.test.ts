import assert from "node:assert/strict";
import { LOAD_DEFAULTS, parseTrafficSpec, PROBE_ONLY } from "../../../src/traffic/traffic-spec.ts";
import { thrown } from "../../support/thrown.ts";

/** The input error a traffic text is refused with, its message naming where it was written and the text itself. */
function refused(text: string, where = "--traffic") {
  const error = thrown(() => parseTrafficSpec(text, where));
  assert.equal(error.code, "TRAFFIC_INVALID", error.message);
  assert.equal(error.kind, "input");
  assert.ok(error.message.startsWith(`${where} = "${text}": `), error.message);
  assert.ok(error.hint.length > 0);
  return error;
}

describe("traffic profiles as written", () => {
  it("reads probe as the probe alone", () => {
    assert.deepEqual(parseTrafficSpec("probe", "--traffic"), PROBE_ONLY);
    assert.deepEqual(parseTrafficSpec("  probe ", "--traffic"), { kind: "probe", text: "probe" });
  });

  it("reads load:rate=200 as a fixed schedule with 1% writes, a 2s timeout and a 5s ramp by default", () => {
    assert.deepEqual(parseTrafficSpec("load:rate=200", "--traffic"), { kind: "load", text: "load:rate=200", rate: 200, writeShare: 0.01, timeoutMs: 2000, rampMs: 5000 });
    assert.deepEqual(LOAD_DEFAULTS, { writeShare: 0.01, timeoutMs: 2000, rampMs: 5000 });
  });

  it("reads load:concurrency=10 as ten clients, without a rate", () => {
    const spec = parseTrafficSpec("load:concurrency=10", "--traffic");
    assert.deepEqual(spec, { kind: "load", text: "load:concurrency=10", concurrency: 10, writeShare: 0.01, timeoutMs: 2000, rampMs: 5000 });
    assert.ok(!("rate" in spec));
  });

  it("reads the share of writes and a timeout in seconds or milliseconds, spaces around the pairs allowed", () => {
    assert.deepEqual(parseTrafficSpec("load:rate=50, writes=0.05 , timeout=2s", "--traffic"), {
      kind: "load",
      text: "load:rate=50, writes=0.05 , timeout=2s",
      rate: 50,
      writeShare: 0.05,
      timeoutMs: 2000,
      rampMs: 5000,
    });
    const spec = parseTrafficSpec("load:concurrency=3,timeout=500ms,writes=0", "--traffic");
    assert.equal(spec.kind, "load");
    if (spec.kind !== "load") return;
    assert.equal(spec.timeoutMs, 500);
    assert.equal(spec.writeShare, 0);
  });

  it("reads a ramp in seconds or milliseconds, 0 for none, up to 60s", () => {
    const ramp = (text: string) => (parseTrafficSpec(text, "--traffic") as { rampMs: number }).rampMs;
    assert.equal(ramp("load:rate=200,ramp=2s"), 2000);
    assert.equal(ramp("load:rate=200,ramp=0"), 0);
    assert.equal(ramp("load:rate=200,ramp=60s"), 60_000);
    assert.equal(refused("load:rate=200,ramp=61s").message, '--traffic = "load:rate=200,ramp=61s": ramp is from 0s to 60s');
  });

  it("accepts both ends of each range and refuses one step past them", () => {
    const load = (text: string) => parseTrafficSpec(text, "--traffic") as { rate?: number; concurrency?: number; writeShare: number; timeoutMs: number };
    assert.equal(load("load:rate=1").rate, 1);
    assert.equal(load("load:rate=5000").rate, 5000);
    assert.equal(load("load:concurrency=1000").concurrency, 1000);
    assert.equal(load("load:rate=1,writes=1").writeShare, 1);
    assert.equal(load("load:rate=1,timeout=100ms").timeoutMs, 100);
    assert.equal(load("load:rate=1,timeout=60s").timeoutMs, 60_000);
    assert.match(refused("load:rate=5001").message, /rate is a whole number from 1 to 5000$/);
    assert.match(refused("load:concurrency=1001").message, /concurrency is a whole number from 1 to 1000$/);
    assert.match(refused("load:rate=1,timeout=99ms").message, /timeout is from 100ms to 60s$/);
    assert.match(refused("load:rate=1,timeout=61s").message, /timeout is from 100ms to 60s$/);
  });

  it("reads k6:path as the script, kept as written, with no executable yet", () => {
    assert.deepEqual(parseTrafficSpec("k6:examples/k6/edge-read.ts", "--traffic"), { kind: "k6", text: "k6:examples/k6/edge-read.ts", script: "examples/k6/edge-read.ts" });
    assert.equal((parseTrafficSpec("k6: ./my script.js ", "--traffic") as { script: string }).script, "./my script.js");
  });

  describe("refuses, with TRAFFIC_INVALID naming where it was written and the value", () => {
    it("an unknown kind of traffic", () => {
      assert.equal(refused("flood:rate=10").message, '--traffic = "flood:rate=10": unknown traffic "flood"');
      assert.match(refused("loads", "profiles/x.yaml: traffic").message, /unknown traffic "loads"$/);
    });

    it("a load with neither a rate nor a concurrency", () => {
      assert.match(refused("load:writes=0.1").message, /give either rate=N or concurrency=N$/);
      assert.match(refused("load").message, /give either rate=N or concurrency=N$/);
      assert.match(refused("load:").message, /give either rate=N or concurrency=N$/);
    });

    it("a load with both a rate and a concurrency", () => {
      assert.match(refused("load:rate=10,concurrency=10").message, /give either rate=N or concurrency=N$/);
    });

    it("a rate of 0 or of a fraction", () => {
      assert.equal(refused("load:rate=0").message, '--traffic = "load:rate=0": rate is a whole number from 1 to 5000');
      assert.equal(refused("load:rate=1.5").message, '--traffic = "load:rate=1.5": rate is a whole number from 1 to 5000');
      assert.match(refused("load:rate=abc").message, /rate is a whole number/);
      assert.match(refused("load:concurrency=2.5").message, /concurrency is a whole number from 1 to 1000$/);
    });

    it("a share of writes above 1 or below 0", () => {
      assert.equal(refused("load:rate=10,writes=2").message, '--traffic = "load:rate=10,writes=2": writes is a share from 0 to 1');
      assert.match(refused("load:rate=10,writes=-0.1").message, /writes is a share from 0 to 1$/);
    });

    it("an unknown key, listing the known ones", () => {
      assert.equal(refused("load:rate=10,speed=3").message, '--traffic = "load:rate=10,speed=3": unknown key "speed" (known: rate, concurrency, writes, timeout, ramp)');
    });

    it("a key without =value, or with two", () => {
      assert.equal(refused("load:rate").message, '--traffic = "load:rate": "rate" is not key=value');
      assert.match(refused("load:rate=").message, /"rate=" is not key=value$/);
      assert.match(refused("load:rate=1=2").message, /"rate=1=2" is not key=value$/);
      assert.match(refused("load:=5").message, /"=5" is not key=value$/);
    });

    it("k6: without a script", () => {
      assert.equal(refused("k6:").message, '--traffic = "k6:": k6: needs the script\'s path');
      assert.match(refused("k6:   ").message, /k6: needs the script's path$/);
      assert.match(refused("k6").message, /k6: needs the script's path$/);
    });
  });
});
