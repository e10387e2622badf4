import assert from "node:assert/strict";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { timelineSvg } from "../../../src/report/timeline-svg.ts";
import { history, result, T, trafficSecond } from "./fixtures.ts";
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
    // Its probe samples are traffic too (bucketed by second): the traffic lanes add 146 px below the strip.
    assert.equal(svg.attrs.viewBox, "0 0 900 406");
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

/**
 * A load of 200/s beside the probe, T-2s to T+3s: a fault at T+1s makes that second's p99
 * 3 s with 37 of 200 requests failed, the next one 900 ms with 5 failed. Two seconds lie
 * far outside the chart (T-30s, T+60s), one of them slower and failing more than any shown.
 */
const loaded = result({
  name: "loaded",
  history: history({
    samples: [-2000, -1000, 0, 1000, 2000, 3000, 4000, 5000].map((offset) => ok(offset)),
    faults: [{ id: "f1", kind: "packet-loss", host: "host-2", options: {}, injectedAt: T, evidence: [], revertedAt: T + 2000 }],
    windowEnd: T + 5000,
    traffic: {
      source: "load",
      spec: "load:rate=200",
      rate: 200,
      seconds: [
        trafficSecond(-30_000, { p99: 20_000, failed: 200 }),
        trafficSecond(-2000),
        trafficSecond(-1000, { p99: 45 }),
        trafficSecond(0, { p99: 50 }),
        trafficSecond(1000, { failed: 37, p50: 40, p95: 2500, p99: 3000, max: 3100 }),
        trafficSecond(2000, { requests: 190, failed: 5, p50: 25, p95: 60, p99: 900 }),
        trafficSecond(3000),
        trafficSecond(60_000, { p99: 9000, failed: 50 }),
      ],
    },
  }),
});

/** Where a latency falls on a lane whose gridlines are labelled (from their labels' positions), log or linear. */
function expectedY(svg: XmlElement, ms: number): number {
  const ticks = byClass(svg, "gridline-label").map((t) => ({ ms: parseMs(t.text), y: num(t, "y") - 3 }));
  const [low, high] = [ticks[0]!, ticks.at(-1)!];
  const log = byClass(svg, "latency-scale").length > 0;
  const f = (v: number) => (log ? Math.log10(v) : v);
  return low.y + ((f(ms) - f(low.ms)) / (f(high.ms) - f(low.ms))) * (high.y - low.y);
}
const parseMs = (label: string) => (label.endsWith("ms") ? Number(label.slice(0, -2)) : Number(label.slice(0, -1)) * 1000);
const points = (line: XmlElement | undefined) => (line?.attrs.points ?? "").split(" ").map((p) => p.split(",").map(Number) as [number, number]);
const bottomOf = (e: XmlElement) => num(e, "y") + num(e, "height");

describe("timeline svg: traffic lanes", () => {
  it("adds a latency band lane and a throughput lane, labelled with the source, below the strip", () => {
    const out = timelineSvg(loaded);
    const svg = parseXml(out);
    assert.equal(svg.attrs.viewBox, "0 0 900 406");
    assert.deepEqual(byClass(svg, "latency-lane-label").map((t) => t.text), ["latency p50–p99 (p95 line)"]);
    assert.deepEqual(byClass(svg, "latency-lane-label-right").map((t) => t.text), ["load 200/s"]);
    assert.deepEqual(byClass(svg, "throughput-lane-label").map((t) => t.text), ["requests/s"]);
    assert.deepEqual(byClass(svg, "throughput-max").map((t) => t.text), ["max 200/s"]);
    assert.match(svg.children[1]!.text, /Traffic \(load 200\/s\): 1590 requests over 8 seconds, 292 failed\./);
    // Below the availability strip's latency lane, above the time axis, band lane first.
    const stripBottom = Math.max(...byClass(svg, "probe-ok").map(bottomOf));
    const bands = byClass(svg, "latency-band");
    const bars = [...byClass(svg, "throughput-ok"), ...byClass(svg, "throughput-fail")];
    assert.ok(stripBottom < Math.min(...bands.map((b) => num(b, "y"))));
    assert.ok(Math.max(...bands.map(bottomOf)) < Math.min(...bars.map((b) => num(b, "y"))));
    assert.doesNotMatch(out, /NaN|Infinity|undefined/);
  });

  it("clips the seconds outside the chart: six bands, one p95 step per second, the scale of what is shown", () => {
    const svg = parseXml(timelineSvg(loaded));
    const bands = byClass(svg, "latency-band");
    assert.equal(bands.length, 6);
    // The 3 s second dwarfs the 40-50 ms ones: log scale, up to 5 s (not the 10 s the clipped 9 s second would ask for).
    assert.deepEqual(byClass(svg, "gridline-label").map((t) => t.text), ["10ms", "100ms", "5s"]);
    assert.equal(byClass(svg, "latency-scale").length, 1);
    const lines = byClass(svg, "latency-p95");
    assert.equal(lines.length, 1);
    assert.equal(points(lines[0]).length, 12);
    // The second at T starts on the T0 line and the bands sit a second apart.
    const t0x = num(byClass(svg, "t0")[0], "x1");
    assert.ok(Math.abs(num(bands[2], "x") - t0x) < 0.2, `${num(bands[2], "x")} vs T0 ${t0x}`);
    assert.ok(Math.abs(num(bands[3], "x") - (t0x + num(bands[2], "width"))) < 0.2);
  });

  it("draws each second's band from its p50 to its p99 and its p95 line on the labelled scale", () => {
    const svg = parseXml(timelineSvg(loaded));
    const spike = byClass(svg, "latency-band")[3]!;
    assert.match(elements(spike, "title")[0]!.text, /^T0\+1s: p50 40ms, p95 2\.5s, p99 3s, max 3\.1s over 200 requests$/);
    // A band from the p50 alone (or to the p95) would have its top at 40 ms (or 2.5 s), not 3 s.
    assert.ok(Math.abs(num(spike, "y") - expectedY(svg, 3000)) < 0.3, `top ${num(spike, "y")} vs ${expectedY(svg, 3000)}`);
    assert.ok(Math.abs(bottomOf(spike) - expectedY(svg, 40)) < 0.3, `bottom ${bottomOf(spike)} vs ${expectedY(svg, 40)}`);
    // The p95 step of that second: points 7 and 8, level at 2.5 s, across the band's width.
    const [start, end] = points(byClass(svg, "latency-p95")[0]).slice(6, 8);
    assert.ok(Math.abs(start![1] - expectedY(svg, 2500)) < 0.3 && start![1] === end![1], `p95 at ${start![1]}`);
    assert.ok(Math.abs(start![0] - num(spike, "x")) < 0.2 && Math.abs(end![0] - (num(spike, "x") + num(spike, "width"))) < 0.2);
    assert.ok(num(spike, "y") < start![1] && start![1] < bottomOf(spike), "the p95 inside its band");
    // And a steady second's p95 (30 ms) well below the spike's.
    assert.ok(Math.abs(points(byClass(svg, "latency-p95")[0])[0]![1] - expectedY(svg, 30)) < 0.3);
  });

  it("stacks the failed requests in the failure colour, only for the seconds that had failures", () => {
    const svg = parseXml(timelineSvg(loaded));
    const fails = byClass(svg, "throughput-fail");
    assert.deepEqual(fails.map((f) => elements(f, "title")[0]!.text), ["T0+1s: 200 requests, 37 failed", "T0+2s: 190 requests, 5 failed"]);
    const failureColour = byClass(svg, "probe-fail")[0]?.attrs.fill ?? "#c62828";
    assert.ok(fails.every((f) => f.attrs.fill === failureColour));
    const oks = byClass(svg, "throughput-ok");
    assert.equal(oks.length, 6);
    assert.ok(oks.every((b) => b.attrs.fill !== failureColour));
    // A full second (200 requests) reaches the lane's top; 37 failed is 37/200 of it, at the bottom, the rest above.
    const full = num(oks[0], "height");
    assert.ok(Math.abs(num(fails[0], "height") - (full * 37) / 200) < 0.2);
    assert.ok(Math.abs(num(oks[3], "height") - (full * 163) / 200) < 0.2);
    assert.ok(Math.abs(bottomOf(oks[3]!) - num(fails[0], "y")) < 0.2 && Math.abs(bottomOf(fails[0]!) - bottomOf(oks[0]!)) < 0.2);
  });

  it("keeps a linear scale when no second dwarfs the others", () => {
    const steady = result({
      history: history({
        samples: [ok(0), ok(1000), ok(2000)],
        windowEnd: T + 2000,
        traffic: { source: "k6", spec: "k6:smoke.js", seconds: [trafficSecond(0), trafficSecond(1000, { p99: 48 }), trafficSecond(2000)] },
      }),
    });
    const svg = parseXml(timelineSvg(steady));
    assert.deepEqual(byClass(svg, "latency-lane-label-right").map((t) => t.text), ["k6"]);
    assert.deepEqual(byClass(svg, "gridline-label").map((t) => t.text), ["0ms", "25ms", "50ms"]);
    assert.equal(byClass(svg, "latency-scale").length, 0);
    const band = byClass(svg, "latency-band")[1]!;
    assert.ok(Math.abs(num(band, "y") - expectedY(svg, 48)) < 0.3 && Math.abs(bottomOf(band) - expectedY(svg, 20)) < 0.3);
    assert.equal(byClass(svg, "throughput-fail").length, 0);
  });

  it("falls back to the probe's samples, bucketed by second, labelled probe", () => {
    const svg = parseXml(timelineSvg(recovering));
    assert.deepEqual(byClass(svg, "latency-lane-label-right").map((t) => t.text), ["probe"]);
    // One sample a second: 13 seconds, three of them failed (T+1s to T+3s), in one run.
    assert.equal(byClass(svg, "latency-band").length, 13);
    assert.equal(byClass(svg, "latency-p95").length, 1);
    assert.deepEqual(
      byClass(svg, "throughput-fail").map((f) => elements(f, "title")[0]!.text),
      ["T0+1s: 1 requests, 1 failed", "T0+2s: 1 requests, 1 failed", "T0+3s: 1 requests, 1 failed"],
    );
  });

  it("omits both lanes when there is no traffic at all: the chart as it was", () => {
    const r = result({ verdict: "broken", history: history({ t0: T, windowEnd: T }) });
    const svg = parseXml(timelineSvg(r));
    assert.equal(svg.attrs.viewBox, "0 0 900 260");
    for (const cls of ["latency-band", "latency-p95", "throughput-ok", "throughput-fail", "latency-lane-label", "throughput-lane-label"]) {
      assert.equal(byClass(svg, cls).length, 0, cls);
    }
    assert.doesNotMatch(svg.children[1]!.text, /Traffic/);
  });

  it("escapes a hostile source and still draws a record whose seconds all lie outside the chart", () => {
    const away = result({
      history: history({
        samples: [ok(0), ok(1000)],
        windowEnd: T + 1000,
        // Not a source the type allows: what a hand-edited history file could hold.
        traffic: { source: '<k6 & "x">' as never, spec: "x", seconds: [trafficSecond(600_000)] },
      }),
    });
    const out = timelineSvg(away);
    const svg = parseXml(out);
    assert.deepEqual(byClass(svg, "latency-lane-label-right").map((t) => t.text), ['<k6 & "x">']);
    assert.equal(byClass(svg, "latency-band").length, 0);
    assert.equal(byClass(svg, "throughput-max").length, 0);
    assert.ok(texts(svg).includes("no traffic in this time range"));
    assert.doesNotMatch(out, /NaN|Infinity|undefined/);
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
