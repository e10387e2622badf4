import assert from "node:assert/strict";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { junitXml } from "../../../src/report/junit-xml.ts";
import { result, T } from "./fixtures.ts";
import { elements, parseXml } from "./xml-check.ts";

const check = (name: string, status: CheckResult["status"], detail: string, budget?: number): CheckResult => ({ name, status, unit: "ms", detail, ...(budget === undefined ? {} : { budget }) });

const results = [
  result({
    name: "rolling-update",
    title: "Rolling update",
    verdict: "passed",
    checks: [check("time to recover", "passed", "no visible impact: 0ms (budget 30s)", 30_000), check("p95 latency", "passed", "p95 40ms (no budget)")],
    startedAt: T,
    endedAt: T + 1500,
  }),
  result({
    name: "host-halt",
    title: "A worker halts",
    verdict: "failed",
    checks: [
      check("time to recover", "failed", 'recovered 41s after T0 <slow> & "late" (budget 30s)'),
      check("downtime", "passed", "down 2s (budget 10s)", 10_000),
      check("lost items", "failed", "2 posts lost (budget 0)"),
    ],
    startedAt: T + 2000,
    endedAt: T + 4250,
  }),
  result({
    name: "registry-block",
    title: "Registry <unreachable> & \"blocked\"",
    verdict: "broken",
    reason: 'steady state not reached: edge said <html> & "bye"\u0007\u0000 done',
    errorCode: "STEADY_STATE_NOT_REACHED",
    startedAt: T - 5000,
    endedAt: T - 4999,
  }),
  result({ name: "partition", title: "Partition", verdict: "skipped", reason: "needs 5 hosts", startedAt: T + 5000, endedAt: T + 5000 }),
];

describe("junit xml", () => {
  it("counts tests, failures, errors and skips, and sums the time in seconds", () => {
    const root = parseXml(junitXml(results));
    assert.equal(root.name, "testsuites");
    const [suite] = elements(root, "testsuite");
    assert.equal(elements(root, "testsuite").length, 1);
    for (const e of [root, suite!]) {
      assert.equal(e.attrs.name, "firedrill");
      assert.equal(e.attrs.tests, "4");
      assert.equal(e.attrs.failures, "1");
      assert.equal(e.attrs.errors, "1");
      assert.equal(e.attrs.skipped, "1");
      assert.equal(e.attrs.time, "3.751");
    }
    // The earliest start, not the first result's.
    assert.equal(suite!.attrs.timestamp, "2024-05-01T09:59:55Z");
    assert.equal(parseXml(junitXml(results, "nightly")).attrs.name, "nightly");
  });

  it("writes one test case per scenario with its verdict's element", () => {
    const cases = elements(parseXml(junitXml(results)), "testcase");
    assert.deepEqual(
      cases.map((c) => [c.attrs.classname, c.attrs.name, c.attrs.time, c.children.map((e) => e.name).join(",")]),
      [
        ["firedrill.rolling-update", "Rolling update", "1.500", "system-out"],
        ["firedrill.host-halt", "A worker halts", "2.250", "failure,system-out"],
        ["firedrill.registry-block", 'Registry <unreachable> & "blocked"', "0.001", "error,system-out"],
        ["firedrill.partition", "Partition", "0.000", "skipped,system-out"],
      ],
    );
    const failure = cases[1]!.children[0]!;
    assert.equal(failure.attrs.message, 'recovered 41s after T0 <slow> & "late" (budget 30s); 2 posts lost (budget 0)');
    assert.equal(failure.text, 'time to recover: recovered 41s after T0 <slow> & "late" (budget 30s)\nlost items: 2 posts lost (budget 0)');
    assert.equal(cases[3]!.children[0]!.attrs.message, "needs 5 hosts");
  });

  it("lists every check in system-out", () => {
    const out = elements(parseXml(junitXml(results)), "system-out").map((e) => e.text);
    assert.equal(
      out[1],
      'time to recover: failed — recovered 41s after T0 <slow> & "late" (budget 30s)\n' +
        "downtime: passed — down 2s (budget 10s)\n" +
        "lost items: failed — 2 posts lost (budget 0)",
    );
    // A figure no budget held was reported, not passed.
    assert.equal(out[0], "time to recover: passed — no visible impact: 0ms (budget 30s)\np95 latency: reported — p95 40ms (no budget)");
  });

  it("escapes markup and drops characters XML 1.0 forbids", () => {
    const xml = junitXml(results);
    assert.ok(xml.includes('message="steady state not reached: edge said &lt;html&gt; &amp; &quot;bye&quot; done"'), xml);
    assert.ok(xml.includes('name="Registry &lt;unreachable&gt; &amp; &quot;blocked&quot;"'));
    assert.ok(xml.includes("after T0 &lt;slow&gt; &amp; "));
    assert.doesNotMatch(xml, /[\u0000\u0007]/);
    const error = elements(parseXml(xml), "error")[0]!;
    assert.equal(error.attrs.type, "STEADY_STATE_NOT_REACHED");
    assert.equal(error.text, 'steady state not reached: edge said <html> & "bye" done');
  });

  it("keeps line breaks in attributes and writes an empty suite", () => {
    const multi = result({ verdict: "broken", reason: "first\nsecond" });
    assert.equal(elements(parseXml(junitXml([multi])), "error")[0]!.attrs.message, "first\nsecond");
    const empty = parseXml(junitXml([]));
    assert.deepEqual([empty.attrs.tests, empty.attrs.failures, empty.attrs.time], ["0", "0", "0.000"]);
  });
});
