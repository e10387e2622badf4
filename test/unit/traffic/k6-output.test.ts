import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { parseK6Output, parseK6Summary, parseRfc3339 } from "../../../src/traffic/k6-output.ts";
import { decodeRequests } from "../../../src/traffic/request-log.ts";
import { summarise } from "../../../src/traffic/second-buckets.ts";
import { repoRoot } from "../../../src/util/paths.ts";
import { thrown } from "../../support/thrown.ts";

const FIXTURES = path.join(repoRoot, "test", "support", "k6-standin");
const fixture = (name: string) => parseK6Output(readFileSync(path.join(FIXTURES, `${name}.ndjson`), "utf8"), `${name}.ndjson`);

/** The recorded runs start at 08:15:01Z (ok, written at +02:00), 09:15:01Z (failing, at Z), 10:15:01Z (breach, at -05:00). */
const RECORDED = Date.UTC(2025, 5, 3, 8, 15, 1);
const HOUR = 3_600_000;

/** k6's two kinds of line, as its documentation shows them (type, data, metric). */
const metricLine = (name: string, thresholds: string[], type = "trend") =>
  JSON.stringify({ type: "Metric", data: { name, type, contains: type === "trend" ? "time" : "default", thresholds, submetrics: null }, metric: name });
const pointLine = (metric: string, time: string, value: number, tags: Record<string, string> | null = { status: "200" }) =>
  JSON.stringify({ type: "Point", data: { time, value, tags }, metric });

describe("k6 output: the recorded runs", () => {
  it("counts each second's requests by their start, all answered in ok (recorded at +02:00)", () => {
    const ok = fixture("ok");
    assert.deepEqual(
      ok.seconds.map((s) => [s.at, s.requests, s.failed]),
      [
        [RECORDED, 20, 0],
        [RECORDED + 1000, 20, 0],
      ],
    );
    const all = summarise(ok.seconds)!;
    assert.ok(all.p50 >= 5 && all.p95 <= 40 && all.max <= 40, JSON.stringify(all));
    assert.deepEqual(ok.checks, { passes: 40, fails: 0 });
    // 40 requests of 9 points and 5 iteration points each, and 2 seconds of vus and vus_max.
    assert.equal(ok.points, 40 * 14 + 2 * 2);
  });

  it("counts the failed requests and their latency in failing (recorded at Z)", () => {
    const failing = fixture("failing");
    assert.deepEqual(
      failing.seconds.map((s) => [s.at, s.requests, s.failed]),
      [
        [RECORDED + HOUR, 20, 6],
        [RECORDED + HOUR + 1000, 20, 6],
      ],
    );
    const all = summarise(failing.seconds)!;
    assert.equal(all.failed, 12);
    // The 4 timeouts took 1500 ms (an HDR histogram holds 3 significant digits).
    assert.ok(Math.abs(all.max - 1500) <= 1, `max ${all.max}`);
    assert.ok(all.p95 >= 1499, `p95 ${all.p95}`);
    assert.deepEqual(failing.checks, { passes: 28, fails: 12 });
  });

  it("reads the thresholds of the Metric lines, in the order k6 declared them (breach, recorded at -05:00)", () => {
    const breach = fixture("breach");
    assert.deepEqual(breach.thresholds, ["http_req_duration: p(95)<100", "http_req_duration: avg<200", "http_req_failed: rate<0.01", "checks: rate>0.99"]);
    assert.deepEqual(
      breach.seconds.map((s) => [s.at, s.requests, s.failed]),
      [
        [RECORDED + 2 * HOUR, 20, 0],
        [RECORDED + 2 * HOUR + 1000, 20, 0],
      ],
    );
    assert.ok(summarise(breach.seconds)!.p95 > 100);
  });
});

describe("k6 output: lines", () => {
  it("counts a request in the second it started: its end time less its duration", () => {
    // The documentation's own point: ended 14:34:45.2395 at +02:00 after 459.9 ms, so started 12:34:44.78Z.
    const out = parseK6Output(
      [metricLine("http_req_duration", ["p(95)<200"]), pointLine("http_req_duration", "2017-05-09T14:34:45.239531499+02:00", 459.865729), pointLine("http_req_failed", "2017-05-09T14:34:45.239531499+02:00", 0)].join("\n"),
      "k6.json",
    );
    assert.deepEqual(
      out.seconds.map((s) => [s.at, s.requests, s.failed, s.max]),
      [[Date.UTC(2017, 4, 9, 12, 34, 44), 1, 0, 460]],
    );
    assert.deepEqual(out.thresholds, ["http_req_duration: p(95)<200"]);
  });

  it("pairs a failed point with the latency of the same time, across timing points and a Metric line between them", () => {
    const end = "2024-01-01T00:00:10.2Z";
    const out = parseK6Output(
      [
        pointLine("http_req_duration", end, 500),
        pointLine("http_req_waiting", end, 499),
        metricLine("http_req_failed", ["rate<0.1"], "rate"),
        pointLine("http_req_failed", end, 1),
        // A failed point with no latency before it counts by its own time.
        pointLine("http_req_failed", "2024-01-01T00:00:12.5Z", 1),
      ].join("\n"),
      "k6.json",
    );
    assert.deepEqual(
      out.seconds.map((s) => [s.at, s.requests, s.failed]),
      [
        [Date.UTC(2024, 0, 1, 0, 0, 9), 1, 1],
        [Date.UTC(2024, 0, 1, 0, 0, 12), 1, 1],
      ],
    );
  });

  it("takes a request's outcome from expected_response when the script wrote no http_req_failed", () => {
    const out = parseK6Output(
      [
        pointLine("http_req_duration", "2024-01-01T00:00:01.5Z", 10, { expected_response: "true" }),
        pointLine("http_req_duration", "2024-01-01T00:00:01.6Z", 10, { expected_response: "false" }),
        pointLine("http_req_duration", "2024-01-01T00:00:01.7Z", 10, null),
      ].join("\n"),
      "k6.json",
    );
    assert.deepEqual(
      out.seconds.map((s) => [s.requests, s.failed]),
      [[3, 1]],
    );
  });

  it("counts checks, and ignores other metrics, other line types and blank lines", () => {
    const out = parseK6Output(
      [
        pointLine("checks", "2024-01-01T00:00:01Z", 1, { check: "status is 200" }),
        pointLine("checks", "2024-01-01T00:00:01Z", 0, { check: "status is 200" }),
        pointLine("checks", "2024-01-01T00:00:02Z", 1, { check: "status is 200" }),
        pointLine("vus", "2024-01-01T00:00:01Z", 3, null),
        pointLine("my_custom_trend", "not even a time", 3),
        JSON.stringify({ type: "Summary", data: {}, metric: "x" }),
        "",
        "   ",
      ].join("\r\n"),
      "k6.json",
    );
    assert.deepEqual(out.checks, { passes: 2, fails: 1 });
    assert.deepEqual(out.seconds, []);
    assert.equal(out.points, 5);
  });

  it("keeps each threshold once however often its Metric line comes", () => {
    const line = metricLine("http_req_failed", ["rate<0.01", "rate<0.05"], "rate");
    assert.deepEqual(parseK6Output([line, line].join("\n"), "k6.json").thresholds, ["http_req_failed: rate<0.01", "http_req_failed: rate<0.05"]);
    assert.deepEqual(parseK6Output(JSON.stringify({ type: "Metric", data: { name: "vus", thresholds: null }, metric: "vus" }), "k6.json").thresholds, []);
  });

  it("refuses a line that is not JSON, naming the file and the line", () => {
    const error = thrown(() => parseK6Output([metricLine("vus", [], "gauge"), pointLine("vus", "2024-01-01T00:00:01Z", 1), '{"type":"Point","data":{"ti'].join("\n"), "reports/k6-1.json"));
    assert.equal(error.code, "BROKEN");
    assert.match(error.message, /^reports\/k6-1\.json:3: the line is not JSON: \{"type":"Point","data":\{"ti$/);
    assert.match(thrown(() => parseK6Output("[1,2]", "k6.json")).message, /^k6\.json:1: .*not a k6 output line/);
  });

  it("refuses a point of a metric it reads whose time or value is not one, naming the file and the line", () => {
    assert.match(thrown(() => parseK6Output(pointLine("http_req_duration", "2024-13-01T00:00:00Z", 1), "k6.json")).message, /^k6\.json:1: .*time is not an RFC 3339 time: "2024-13-01T00:00:00Z"/);
    assert.match(thrown(() => parseK6Output(["", JSON.stringify({ type: "Point", data: { time: "2024-01-01T00:00:00Z", value: "1" }, metric: "http_req_failed" })].join("\n"), "k6.json")).message, /^k6\.json:2: .*value is not a number: "1"/);
  });
});

describe("k6 output: RFC 3339 times", () => {
  const noon = Date.UTC(2024, 1, 29, 12, 0, 0);

  it("reads the zone's offset, east and west, and Z", () => {
    assert.equal(parseRfc3339("2024-02-29T12:00:00Z"), noon);
    assert.equal(parseRfc3339("2024-02-29T14:00:00+02:00"), noon);
    assert.equal(parseRfc3339("2024-02-29T06:30:00-05:30"), noon);
    assert.equal(parseRfc3339("2024-03-01T00:00:00+12:00"), noon);
    assert.equal(parseRfc3339("2024-02-29t12:00:00z"), noon);
  });

  it("keeps the fraction, nanoseconds included, as a fraction of a millisecond", () => {
    assert.ok(Math.abs(parseRfc3339("2024-02-29T12:00:00.239531499Z")! - (noon + 239.531499)) < 0.001);
    assert.equal(parseRfc3339("2024-02-29T12:00:00.5Z"), noon + 500);
    assert.ok(Math.abs(parseRfc3339("2024-02-29T13:00:00.999999999+01:00")! - (noon + 999.999999)) < 0.001);
  });

  it("is undefined for what is not an RFC 3339 time", () => {
    for (const text of ["2023-02-29T12:00:00Z", "2024-02-29T12:00:00", "2024-02-29 12:00:00Z", "2024-02-29T24:00:00Z", "2024-02-29T12:00:00+2:00", "2024-02-29T12:00:00.Z", "1714000000", ""]) {
      assert.equal(parseRfc3339(text), undefined, text);
    }
  });
});

describe("k6 summary export", () => {
  it("reads each threshold, submetrics' too, true meaning crossed (the old summary format)", () => {
    const text = JSON.stringify({
      root_group: { name: "", path: "", checks: {}, groups: {} },
      metrics: {
        http_req_duration: { avg: 80, "p(95)": 140, thresholds: { "p(95)<100": true, "avg<200": false } },
        "http_req_duration{scenario:writes}": { avg: 80, thresholds: { "p(95)<900": false } },
        http_req_failed: { passes: 0, fails: 40, value: 0, thresholds: { "rate<0.01": false } },
        vus: { value: 2, min: 2, max: 2 },
      },
    });
    assert.deepEqual(parseK6Summary(text, "k6-1-summary.json"), {
      thresholds: ["http_req_duration: p(95)<100", "http_req_duration: avg<200", "http_req_duration{scenario:writes}: p(95)<900", "http_req_failed: rate<0.01"],
      failed: ["http_req_duration: p(95)<100"],
    });
  });

  it("reads handleSummary's shape ({ ok }) too, and a summary without metrics as no thresholds", () => {
    const text = JSON.stringify({ metrics: { checks: { thresholds: { "rate>0.99": { ok: false } } }, http_reqs: { thresholds: { "count>1": { ok: true } } } } });
    assert.deepEqual(parseK6Summary(text, "s.json"), { thresholds: ["checks: rate>0.99", "http_reqs: count>1"], failed: ["checks: rate>0.99"] });
    assert.deepEqual(parseK6Summary("{}", "s.json"), { thresholds: [], failed: [] });
  });

  it("refuses a summary that is not JSON, naming the file", () => {
    const error = thrown(() => parseK6Summary('{"metrics": {', "reports/k6-1-summary.json"));
    assert.ok(error instanceof FiredrillError);
    assert.match(error.message, /^reports\/k6-1-summary\.json: k6's summary export is not JSON/);
  });
});

describe("k6 output: each request judged as the probe's are", () => {
  const T = "2025-06-03T08:15:01.500Z";
  const at = Date.parse(T);
  const request = (time: string, duration: number, failed: 0 | 1, status: string) => [
    pointLine("http_req_duration", time, duration, { status, expected_response: failed ? "false" : "true" }),
    pointLine("http_req_failed", time, failed, { status }),
  ];

  it("logs every request at its start, with its latency and outcome", () => {
    const out = parseK6Output([...request(T, 20, 0, "200"), ...request("2025-06-03T08:15:01.600Z", 30, 1, "503")].join("\n"), "k6.ndjson");
    const requests = decodeRequests(out.requests);
    assert.deepEqual(
      requests.map((r) => [r.at, r.latencyMs, r.ok]),
      [
        [at - 20, 20, true],
        [at + 100 - 30, 30, false],
      ],
    );
  });

  it("fails a redirect, which k6 follows and counts as expected", () => {
    // k6's default response callback expects 200-399, so http_req_failed is 0 for a 302.
    const out = parseK6Output(request(T, 5, 0, "302").join("\n"), "k6.ndjson");
    assert.deepEqual(decodeRequests(out.requests).map((r) => r.ok), [false]);
    assert.equal(out.seconds[0]!.failed, 1);
  });

  it("fails the response a failed check judged, though http_req_failed said it succeeded", () => {
    const lines = [...request(T, 10, 0, "200"), pointLine("checks", "2025-06-03T08:15:01.501Z", 0, { check: "body has the seed" }), ...request("2025-06-03T08:15:01.700Z", 10, 0, "200"), pointLine("checks", "2025-06-03T08:15:01.701Z", 1, { check: "body has the seed" })];
    const out = parseK6Output(lines.join("\n"), "k6.ndjson");
    assert.deepEqual(decodeRequests(out.requests).map((r) => r.ok), [false, true]);
    assert.deepEqual(out.checks, { passes: 1, fails: 1 });
  });
});
