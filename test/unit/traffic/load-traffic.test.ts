import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { type LoadTarget, LoadTraffic, scheduledAt, TITLE_MARK } from "../../../src/traffic/load-traffic.ts";
import { decodeRequests } from "../../../src/traffic/request-log.ts";
import { summarise } from "../../../src/traffic/second-buckets.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import type { LoadSpec } from "../../../src/traffic/traffic-spec.ts";

/** What the stack's probe expects of /item and the like: 200 and {"id": 7}. */
const ITEM = { status: 200, json: { field: "id", equals: "7" } };

/** The write as the stack declares it, its title left as TITLE_MARK (an XML-RPC call, its id found by a regex). */
const WRITE: LoadTarget["write"] = {
  path: "/write",
  method: "POST",
  headers: { "content-type": "text/xml", "x-title": TITLE_MARK },
  body: `<?xml version="1.0"?><methodCall><methodName>wp.newPost</methodName><params><param><value><string>${TITLE_MARK}</string></value></param></params></methodCall>`,
};

describe("firedrill's load (against a local server)", function () {
  this.timeout(10_000);

  let server: http.Server;
  let baseUrl: string;
  /** Requests the server saw, by path. */
  let seen: Record<string, number>;
  /** The bodies and title headers of the writes the server saw. */
  let writes: Array<{ body: string; title: string | undefined }>;
  /** What /write answers (the id in it, or an answer without one). */
  let writeAnswer: string;

  before(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? "";
      seen[path] = (seen[path] ?? 0) + 1;
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const json = (status: number, data: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(data));
        };
        if (req.method === "POST" && path === "/write") {
          writes.push({ body, title: req.headers["x-title"] as string | undefined });
          res.writeHead(200, { "content-type": "text/xml" });
          // {{n}} is the write's number: each acknowledged write gets its own id.
          res.end(writeAnswer.replace("{{n}}", String(writes.length)));
        } else if (path === "/item" || path === "/other") json(200, { id: 7 });
        else if (path === "/down") json(503, { error: "down" });
        else if (path === "/slow") setTimeout(() => json(200, { id: 7 }), 300);
        else json(404, {});
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    seen = {};
    writes = [];
    writeAnswer = '<?xml version="1.0"?><methodResponse><params><param><value><string>42</string></value></param></params></methodResponse>';
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** A load's spec as parseTrafficSpec makes it; no writes and no ramp unless asked. */
  function spec(fields: Partial<LoadSpec>): LoadSpec {
    return { kind: "load", text: fields.rate ? `load:rate=${fields.rate}` : `load:concurrency=${fields.concurrency}`, writeShare: 0, timeoutMs: 2000, rampMs: 0, ...fields };
  }

  function loadOf(load: LoadSpec, target: Partial<LoadTarget> = {}): LoadTraffic {
    return new LoadTraffic(load, {
      baseUrl,
      reads: [{ path: "/item", expect: ITEM, weight: 1 }],
      write: WRITE,
      written: { status: 200, id: { regex: "<string>(\\d+)</string>" } },
      label: "host-halt",
      ...target,
    });
  }

  /**
   * Runs the load for `ms`, then stops it: its record, how long it ran as this process saw
   * it, and the longest the event loop was held up meanwhile (this machine may be busy:
   * a stall of the runner shows as lateness, and must not be mistaken for the load's own).
   */
  async function timedRun(load: LoadSpec, ms: number, target: Partial<LoadTarget> = {}): Promise<{ record: TrafficRecord; ranMs: number; stallMs: number }> {
    const traffic = loadOf(load, target);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = Date.now();
    await traffic.start();
    await delay(ms);
    const ranMs = Date.now() - started;
    const record = await traffic.stop();
    loop.disable();
    return { record, ranMs, stallMs: loop.max / 1e6 };
  }

  /** Runs the load until `n` requests have an outcome (whatever the machine's pace), then stops it. */
  async function runUntil(load: LoadSpec, n: number, target: Partial<LoadTarget> = {}): Promise<TrafficRecord> {
    const traffic = loadOf(load, target);
    await traffic.start();
    const deadline = Date.now() + 8000;
    while ((await traffic.progress()).requests < n && Date.now() < deadline) await delay(10);
    return traffic.stop();
  }

  /**
   * Requests on a fixed schedule: every one due while the load ran was sent. At least those
   * due before the last tick (a tick is due every 1000/rate ms), at most those due by the time
   * stop was called, give or take one.
   */
  function assertOnSchedule(requests: number, rate: number, askedMs: number, ranMs: number): void {
    const atLeast = Math.floor(((askedMs - 1000 / rate) * rate) / 1000);
    const atMost = Math.floor((ranMs * rate) / 1000) + 2;
    assert.ok(requests >= atLeast && requests <= atMost, `${requests} requests in ${ranMs}ms at ${rate}/s: ${atLeast} to ${atMost} due`);
  }

  const total = (record: TrafficRecord, field: "requests" | "failed") => record.seconds.reduce((sum, s) => sum + s[field], 0);

  it("sends requests at the rate asked, on schedule: rate 50 for 1.2 s is about 60 requests, every one answered as expected, and fast", async () => {
    const { record, ranMs, stallMs } = await timedRun(spec({ rate: 50 }), 1200);
    const requests = total(record, "requests");
    assertOnSchedule(requests, 50, 1200, ranMs);
    assert.equal(seen["/item"], requests);
    assert.equal(total(record, "failed"), 0);
    assert.equal(record.failures, undefined);
    assert.equal(record.source, "load");
    assert.equal(record.spec, "load:rate=50");
    assert.equal(record.rate, 50);
    assert.ok(record.seconds.length >= 2 && record.seconds.length <= Math.ceil(ranMs / 1000) + 1, `${record.seconds.length} seconds`);
    for (const s of record.seconds) {
      assert.equal(s.at % 1000, 0);
      assert.ok(s.histogram.length > 0);
    }
    const summary = summarise(record.seconds)!;
    assert.ok(summary.p50 < 50 + stallMs, `${JSON.stringify(summary)}, event loop held up to ${stallMs}ms`);
    // On time, but for the runner's own stalls: a schedule held back by its answers would fall further behind with every request.
    assert.ok(record.lateness && record.lateness.p99 <= stallMs + 50, `${JSON.stringify(record.lateness)}, event loop held up to ${stallMs}ms`);
  });

  it("keeps a rate whose interval is not a whole number of ms: at rate 3 (every 333.3 ms) every request due is sent and answered", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const { record, ranMs } = await timedRun(spec({ rate: 3 }), 2000);
      const requests = total(record, "requests");
      // Due at 0, 333.3, 666.7, 1000, ... ms: 7 in 2 s.
      assertOnSchedule(requests, 3, 2000, ranMs);
      assert.equal(seen["/item"], requests);
      assert.equal(total(record, "failed"), 0, JSON.stringify(record.failures));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    assert.deepEqual(rejections, []);
  });

  it("counts an answer that is not the expected one as failed, by its reason: a 503", async () => {
    const record = await runUntil(spec({ rate: 50 }), 6, { reads: [{ path: "/down", expect: ITEM, weight: 1 }] });
    const requests = total(record, "requests");
    assert.ok(requests > 5, `${requests} requests`);
    assert.equal(total(record, "failed"), requests);
    assert.deepEqual(record.failures, { "status 503": requests });
    for (const s of record.seconds) assert.equal(s.errorRatio, 1);
  });

  it("sends the reads in proportion to their weights: 3 to 1 in every run of four", async () => {
    const record = await runUntil(spec({ rate: 200 }), 41, {
      reads: [
        { path: "/item", expect: ITEM, weight: 3 },
        { path: "/other", expect: ITEM, weight: 1 },
      ],
    });
    const item = seen["/item"] ?? 0;
    const other = seen["/other"] ?? 0;
    const n = item + other;
    assert.equal(n, total(record, "requests"));
    assert.ok(n >= 40, `${n} requests`);
    // In turn: item, item, item, other, ... so after n requests, the split is exact to within one run of four.
    assert.equal(item, 3 * Math.floor(n / 4) + Math.min(n % 4, 3), `${item} /item, ${other} /other`);
    assert.ok(Math.abs(item - 3 * other) <= 3, `${item} /item, ${other} /other`);
  });

  it("sends the stack's write as every 4th request at writes=0.25, its title the load's, answered with an id", async () => {
    const record = await runUntil(spec({ concurrency: 1, writeShare: 0.25 }), 13);
    const requests = total(record, "requests");
    assert.ok(requests >= 12, `${requests} requests`);
    assert.equal(writes.length, Math.floor(requests / 4));
    assert.equal(seen["/item"], requests - writes.length);
    assert.equal(total(record, "failed"), 0, JSON.stringify(record.failures));
    writes.forEach((write, i) => {
      // The 4th, 8th, ... request, its number in its title; TITLE_MARK replaced everywhere, in the body and the headers.
      const title = `firedrill load host-halt ${4 * (i + 1)}`;
      assert.ok(write.body.includes(`<string>${title}</string>`), write.body);
      assert.equal(write.title, title);
      assert.ok(!write.body.includes(TITLE_MARK) && !write.body.includes("\u0000"));
    });
  });

  it("logs every request it sent, by its scheduled time, its writes marked and its failures failed: what the window figures judge", async () => {
    const record = await runUntil(spec({ concurrency: 1, writeShare: 0.25 }), 13, { reads: [{ path: "/down", expect: ITEM, weight: 1 }] });
    const requests = decodeRequests(record.requests!);
    assert.equal(requests.length, total(record, "requests"));
    assert.equal(requests.filter((r) => r.write).length, writes.length);
    assert.deepEqual(requests.filter((r) => !r.ok).length, requests.length - writes.length, "every read of /down failed, every write was acknowledged");
    assert.ok(requests.every((r, i) => i === 0 || r.at >= requests[i - 1]!.at), "in schedule order");
  });

  it("counts a write whose answer carries no id as failed", async () => {
    writeAnswer = "<methodResponse><fault>no</fault></methodResponse>";
    const record = await runUntil(spec({ concurrency: 1, writeShare: 1 }), 3);
    const requests = total(record, "requests");
    assert.ok(requests > 0);
    assert.equal(writes.length, requests);
    assert.equal(total(record, "failed"), requests);
    assert.deepEqual(record.failures, { "write answered 200": requests });
  });

  it("keeps the writes it had acknowledged, each with its id and title: the items the scenario must read back", async () => {
    writeAnswer = "<methodResponse><params><param><value><string>{{n}}</string></value></param></params></methodResponse>";
    const record = await runUntil(spec({ concurrency: 1, writeShare: 0.25 }), 13);
    assert.ok(writes.length >= 3, `${writes.length} writes`);
    assert.deepEqual(
      record.acknowledged,
      writes.map((_, i) => ({ id: String(i + 1), title: `firedrill load host-halt ${4 * (i + 1)}` })),
    );
  });

  it("acknowledges no write answered without an id, and keeps no list when it writes nothing", async () => {
    writeAnswer = "<methodResponse><fault>no</fault></methodResponse>";
    const record = await runUntil(spec({ concurrency: 1, writeShare: 1 }), 3);
    assert.ok(writes.length > 0);
    assert.deepEqual(record.acknowledged, []);
    assert.equal((await runUntil(spec({ concurrency: 1 }), 3)).acknowledged, undefined);
  });

  it("gives up a request unanswered at its timeout: failed, for the reason timeout, its latency the timeout", async () => {
    const record = await runUntil(spec({ concurrency: 1, timeoutMs: 100 }), 2, { reads: [{ path: "/slow", expect: ITEM, weight: 1 }] });
    const requests = total(record, "requests");
    assert.ok(requests >= 2, `${requests} requests`);
    assert.equal(total(record, "failed"), requests);
    assert.deepEqual(record.failures, { timeout: requests });
    // Counted until it was given up, not until the server's answer: at least the timeout.
    const summary = summarise(record.seconds)!;
    assert.ok(summary.max >= 100 && summary.p50 >= 100, JSON.stringify(summary));
  });

  describe("coordinated omission", () => {
    it("with a concurrency, counts latency from the send: a 300 ms server gives 300 ms answers and fewer requests, no lateness", async () => {
      const { record, ranMs, stallMs } = await timedRun(spec({ concurrency: 2 }), 1000, { reads: [{ path: "/slow", expect: ITEM, weight: 1 }] });
      const requests = total(record, "requests");
      // Two clients, each waiting ~300 ms for its answer before the next: a stall shows as fewer requests (8 in a second, not 20 or 200).
      assert.ok(requests >= 2 && requests <= 2 * (Math.floor(ranMs / 295) + 1), `${requests} requests in ${ranMs}ms`);
      assert.equal(seen["/slow"], requests);
      assert.equal(total(record, "failed"), 0);
      const summary = summarise(record.seconds)!;
      // From each send: ~300 ms every time (from the clients' start, their later requests would be 600, 900 ms...).
      assert.ok(summary.p50 >= 295 && summary.p50 < 450 + stallMs, `${JSON.stringify(summary)}, event loop held up to ${stallMs}ms`);
      assert.equal(record.lateness, undefined);
      assert.equal(record.rate, undefined);
      assert.equal(record.spec, "load:concurrency=2");
    });

    it("at a rate, keeps to the schedule whatever the server does: a 300 ms server at rate 20 gives 20 requests a second, each ≥ 300 ms, sent on time", async () => {
      const { record, ranMs, stallMs } = await timedRun(spec({ rate: 20 }), 1000, { reads: [{ path: "/slow", expect: ITEM, weight: 1 }] });
      const requests = total(record, "requests");
      // Due at 0, 50, ..., 1000 ms: about 21, all answered (stop waits for what is in flight); one at a time would be 4.
      assertOnSchedule(requests, 20, 1000, ranMs);
      assert.equal(seen["/slow"], requests);
      assert.equal(total(record, "failed"), 0);
      for (const s of record.seconds) assert.ok(s.p50 >= 300, `p50 ${s.p50}ms`);
      assert.ok(summarise(record.seconds)!.p50 >= 300);
      // Sent on time, but for the runner's own stalls; waiting for each answer would put the last ones ~700 ms late.
      assert.ok(record.lateness!.p99 <= stallMs + 50, `${JSON.stringify(record.lateness)}, event loop held up to ${stallMs}ms`);
    });

    it("at a rate, charges a stall of the runner itself to the requests it held back: latency counted from their scheduled start", async () => {
      const traffic = loadOf(spec({ rate: 50 }));
      await traffic.start();
      await delay(300);
      // The event loop is held for 400 ms: the ~20 requests due then are sent when it lets go, late.
      const until = Date.now() + 400;
      while (Date.now() < until) {
        /* busy */
      }
      await delay(300);
      const record = await traffic.stop();
      const summary = summarise(record.seconds)!;
      assert.ok(summary.requests >= 30, `${summary.requests} requests`);
      // Counted from the send, they would all be a few ms; from the schedule, the held-back ones took up to 400 ms.
      assert.ok(summary.p95 >= 200, JSON.stringify(summary));
      assert.ok(summary.max >= 350, JSON.stringify(summary));
      assert.ok(record.lateness!.max >= 350, JSON.stringify(record.lateness));
      // And each second keeps its own: the window's checks see where the runner fell behind.
      const lateness = record.seconds.map((sec) => sec.lateMs ?? 0);
      assert.ok(Math.max(...lateness) >= 350, JSON.stringify(lateness));
      // So does each request: the held-back ones in the log, late, their latency from the schedule.
      const held = decodeRequests(record.requests!).filter((r) => r.lateMs >= 200);
      assert.ok(held.length >= 5, `${held.length} requests logged late`);
      for (const r of held) assert.ok(r.latencyMs >= r.lateMs, JSON.stringify(r));
    });
  });

  describe("a ramp", () => {
    it("climbs linearly to the rate: at rate 50 over 400 ms, 10 requests in the ramp (the n-th at sqrt(2·n·0.4/50) s), then one every 20 ms", () => {
      assert.equal(scheduledAt(0, 50, 400), 0);
      // Half the ramp's requests leave in its last 29%: the rate climbs.
      assert.ok(Math.abs(scheduledAt(5, 50, 400) - Math.sqrt(80_000)) < 1e-9);
      assert.ok(scheduledAt(9, 50, 400) < 400);
      assert.equal(scheduledAt(10, 50, 400), 400);
      assert.equal(scheduledAt(11, 50, 400), 420);
      assert.equal(scheduledAt(60, 50, 400), 1400);
      // Without a ramp: the fixed schedule from the first request.
      assert.equal(scheduledAt(0, 50, 0), 0);
      assert.equal(scheduledAt(7, 50, 0), 140);
    });

    it("leaves the requests sent while it climbs out of the progress, not out of the record", async () => {
      const traffic = loadOf(spec({ rate: 50, rampMs: 400 }), { reads: [{ path: "/down", expect: ITEM, weight: 1 }] });
      assert.equal(traffic.warmUpMs, 400);
      await traffic.start();
      for (const deadline = Date.now() + 8000; (await traffic.progress()).requests < 3 && Date.now() < deadline; ) await delay(10);
      const record = await traffic.stop();
      const progress = await traffic.progress();
      // The ramp's 10 requests (due before 400 ms) failed like the rest, and the record has them; the steady state's look does not.
      assert.equal(progress.requests, total(record, "requests") - 10);
      assert.equal(progress.failed, progress.requests);
      assert.equal(total(record, "failed"), total(record, "requests"));
      assert.equal(loadOf(spec({ concurrency: 2, rampMs: 400 })).warmUpMs, 0);
    });
  });

  it("reports its progress while it runs: requests with an outcome so far, and why some failed", async () => {
    const traffic = loadOf(spec({ rate: 50 }), { reads: [{ path: "/down", expect: ITEM, weight: 1 }] });
    await traffic.start();
    let progress = await traffic.progress();
    for (const deadline = Date.now() + 8000; progress.requests < 5 && Date.now() < deadline; progress = await traffic.progress()) await delay(10);
    const record = await traffic.stop();
    assert.ok(progress.requests >= 5, JSON.stringify(progress));
    assert.equal(progress.failed, progress.requests);
    assert.deepEqual(Object.keys(progress.reasons), ["status 503"]);
    assert.ok(total(record, "requests") >= progress.requests);
  });
});
