import assert from "node:assert/strict";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { timelineSvg } from "../../../src/report/timeline-svg.ts";
import { history, result, T } from "./fixtures.ts";
import { byClass, elements, parseXml, type XmlElement } from "./xml-check.ts";

const ok = (offset: number, latencyMs = 20): ProbeSample => ({ start: T + offset, latencyMs, status: 200, version: "v1", ok: true });
const failed = (offset: number): ProbeSample => ({ start: T + offset, latencyMs: 1000, error: "timeout", ok: false });

/**
 * Three baseline samples, T0 on a success, three failures (T+1s to T+3s), then a final
 * run of six successes from T+4.2s: recovered 4.2s after T0. A packet-loss fault from T0
 * to T+3.5s and a second one never reverted (shaded to the window's end, T+9.2s).
 */
const recovering = result({
  name: "packet-loss",
  title: "Edge survives <packet> loss & \"jitter\"",
  verdict: "failed",
  history: history({
    // Out of order on purpose: the chart must not trust the recording order.
    samples: [ok(-3000), ok(-2000), failed(2000), ok(-1000), ok(0), failed(1000), failed(3000), ok(4200), ok(5200), ok(6200), ok(7200), ok(8200), ok(9200)],
    faults: [
      { id: "f1", kind: "packet-loss", host: "host-2", options: {}, injectedAt: T, evidence: [], revertedAt: T + 3500 },
      { id: "f2", kind: "daemon-freeze", host: "host-3", options: {}, injectedAt: T + 6000, evidence: [] },
    ],
    windowEnd: T + 9200,
  }),
  phases: [
    { name: "prepare", startedAt: T - 60_000, endedAt: T - 3500, status: "passed" },
    { name: "steady state", startedAt: T - 3500, endedAt: T - 500, status: "passed" },
    { name: "method", startedAt: T - 500, endedAt: T + 9200, status: "passed" },
    { name: "audit", startedAt: T + 60_000, endedAt: T + 70_000, status: "passed" },
  ],
});

const num = (e: XmlElement | undefined, attr: string): number => {
  assert.ok(e, `no element for ${attr}`);
  const value = Number(e.attrs[attr]);
  assert.ok(Number.isFinite(value), `${e.name}.${attr} = ${e.attrs[attr]}`);
  return value;
};
const texts = (svg: XmlElement) => elements(svg, "text").map((t) => t.text);

describe("timeline svg", () => {
  it("is a well-formed standalone SVG document with an escaped title and description", () => {
    const out = timelineSvg(recovering);
    const svg = parseXml(out);
    assert.equal(svg.name, "svg");
    assert.equal(svg.attrs.xmlns, "http://www.w3.org/2000/svg");
    assert.equal(svg.attrs.viewBox, "0 0 900 260");
    assert.doesNotMatch(out, /<script|@import|href=/);
    const title = svg.children[0]!;
    assert.equal(title.name, "title");
    assert.equal(title.text, 'Edge survives <packet> loss & "jitter" — failed');
    assert.equal(svg.children[1]!.name, "desc");
    assert.match(svg.children[1]!.text, /13 probe samples, 3 failed/);
    assert.ok(out.includes("Edge survives &lt;packet&gt; loss &amp; &quot;jitter&quot; — failed"));
    assert.ok(texts(svg).includes('Edge survives <packet> loss & "jitter" — failed'), "the visible title");
  });

  it("draws one mark per sample: exactly as many red marks as failed samples", () => {
    const svg = parseXml(timelineSvg(recovering));
    const fails = byClass(svg, "probe-fail");
    assert.equal(fails.length, 3);
    assert.equal(byClass(svg, "probe-ok").length, 10);
    assert.ok(fails.every((f) => f.attrs.fill === "#c62828"));
    // Failed marks sit in their own lane, below the successful ones.
    assert.ok(num(fails[0], "y") > num(byClass(svg, "probe-ok")[0], "y"));
    const latency = byClass(svg, "latency");
    assert.equal(latency.length, 1);
    assert.equal(latency[0]!.attrs.points!.split(" ").length, 13);
  });

  it("marks T0, shades each fault window and marks the recovery 4.2s after T0", () => {
    const svg = parseXml(timelineSvg(recovering));
    const t0 = byClass(svg, "t0")[0];
    const t0x = num(t0, "x1");
    assert.deepEqual(byClass(svg, "t0-label").map((e) => e.text), ["T0"]);
    assert.deepEqual(byClass(svg, "recovery-label").map((e) => e.text), ["recovered +4.2s"]);
    const recoveryX = num(byClass(svg, "recovery")[0], "x1");

    const [first, second] = byClass(svg, "fault");
    assert.equal(byClass(svg, "fault").length, 2);
    // The first window runs from T0 to its revert at T+3.5s: after the last failure, before the recovery.
    assert.equal(num(first, "x"), t0x);
    const firstEnd = num(first, "x") + num(first, "width");
    const markCentre = (e: XmlElement) => num(e, "x") + num(e, "width") / 2;
    const lastFailure = Math.max(...byClass(svg, "probe-fail").map(markCentre));
    assert.ok(lastFailure < firstEnd && firstEnd < recoveryX, `${lastFailure} < ${firstEnd} < ${recoveryX}`);
    // The unreverted one runs to the window's end, which is the last sample (T+9.2s).
    const lastSample = Math.max(...byClass(svg, "probe-ok").map(markCentre));
    assert.ok(Math.abs(num(second, "x") + num(second, "width") - lastSample) < 0.2);
    // 4.2s of the 9.2s from T0 to the window's end.
    assert.ok(Math.abs((recoveryX - t0x) / (lastSample - t0x) - 4.2 / 9.2) < 0.01);
  });

  it("labels the time axis in seconds from T0 and the phases that fall within the chart", () => {
    const svg = parseXml(timelineSvg(recovering));
    const labels = texts(svg);
    for (const tick of ["-2s", "0", "2s", "4s", "8s"]) assert.ok(labels.includes(tick), `tick ${tick} in ${labels.join("|")}`);
    // Prepare ends before the first sample and audit starts after the last: neither is on the chart.
    const ticks = byClass(svg, "phase");
    assert.equal(ticks.length, 2);
    for (const phase of ["steady state", "method"]) assert.ok(labels.includes(phase), phase);
    assert.ok(!labels.includes("prepare") && !labels.includes("audit"));
    // The method began half a second before T0, after the sample at T-1s.
    const methodX = num(ticks[1], "x1");
    const t0x = num(byClass(svg, "t0")[0], "x1");
    const atMinus1 = byClass(svg, "probe-ok")[2]!;
    assert.ok(num(atMinus1, "x") < methodX && methodX < t0x, `${num(atMinus1, "x")} < ${methodX} < ${t0x}`);
  });

  it("says not recovered when the window ends failing, or on fewer than 5 successes", () => {
    const failing = result({
      verdict: "failed",
      history: history({ samples: [ok(-1000), ok(0), failed(1000), ok(2000), failed(3000), failed(4000)], windowEnd: T + 4000 }),
    });
    const svg = parseXml(timelineSvg(failing));
    assert.deepEqual(byClass(svg, "recovery-label").map((e) => e.text), ["not recovered"]);
    assert.equal(byClass(svg, "probe-fail").length, 3);
    // Four successes after the last failure are not yet a recovery; a fifth makes one, from the first.
    const samples = [ok(-1000), ok(0), failed(1000), ok(2000), ok(3000), ok(4000), ok(5000)];
    const four = parseXml(timelineSvg(result({ history: history({ samples, windowEnd: T + 5000 }) })));
    assert.deepEqual(byClass(four, "recovery-label").map((e) => e.text), ["not recovered"]);
    const five = parseXml(timelineSvg(result({ history: history({ samples: [...samples, ok(6000)], windowEnd: T + 6000 }) })));
    assert.deepEqual(byClass(five, "recovery-label").map((e) => e.text), ["recovered +2s"]);
  });

  it("renders an empty history: the axes, T0 and a note, no marks", () => {
    const r = result({ verdict: "broken", reason: "lab <down> & out", history: history({ t0: T, windowEnd: T }) });
    const out = timelineSvg(r);
    const svg = parseXml(out);
    assert.equal(byClass(svg, "probe-ok").length + byClass(svg, "probe-fail").length, 0);
    assert.equal(byClass(svg, "latency").length, 0);
    assert.ok(texts(svg).includes("no probe samples"));
    assert.equal(byClass(svg, "t0").length, 1);
    assert.deepEqual(byClass(svg, "recovery-label").map((e) => e.text), ["not recovered (only 0 samples in the window)"]);
    assert.ok(texts(svg).some((t) => t.includes("broken: lab <down> & out")));
    assert.doesNotMatch(out, /NaN|Infinity|undefined/);
  });

  it("keeps a broken result whose T0 was never marked on a sensible scale", () => {
    // run-scenario leaves T0 at 0 when the method broke before the disturbance.
    const r = result({
      verdict: "broken",
      reason: "steady state not reached",
      history: history({ t0: 0, windowEnd: T + 3000, samples: [ok(-3000), failed(-2000), ok(-1000)] }),
    });
    const out = timelineSvg(r);
    const svg = parseXml(out);
    assert.equal(byClass(svg, "t0").length, 0);
    assert.deepEqual(byClass(svg, "recovery-label").map((e) => e.text), ["recovery not measured (T0 not marked)"]);
    const marks = [...byClass(svg, "probe-ok"), ...byClass(svg, "probe-fail")].map((e) => num(e, "x"));
    assert.equal(marks.length, 3);
    // Spread across the chart, not squeezed into a pixel at the end of 54 years.
    assert.ok(Math.max(...marks) - Math.min(...marks) > 300, marks.join(","));
    assert.doesNotMatch(out, /NaN|Infinity/);
  });
});

describe("xml check (the tests' own well-formedness check)", () => {
  it("rejects what a careless renderer would produce", () => {
    for (const bad of ["<a><b></a></b>", "<a>x & y</a>", "<a>x < y</a>", '<a t="1 < 2"/>', "<a>&nbsp;</a>", "<a/><b/>", "<a>", '<a t="1" t="2"/>', "<a>\u0001</a>"]) {
      assert.throws(() => parseXml(bad), Error, bad);
    }
    assert.equal(parseXml('<a t="&lt;&amp;&quot;">&#10;x&gt;</a>').attrs.t, '<&"');
  });
});
