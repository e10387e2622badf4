import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpProbe, PROBE_TIMEOUT_MS } from "../../../src/probe/http-probe.ts";
import type { ProbeExpectation } from "../../../src/probe/probe-expectation.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";

const SEED = 12;
const EXPECT_SEED: ProbeExpectation = { status: 200, json: { field: "id", equals: SEED } };

type Answer = { status: number; body: string; headers?: Record<string, string> };

/** A loopback server that answers each path from a table and counts the requests per path. */
async function serve(routes: Record<string, Answer | (() => Answer | undefined)>) {
  const hits: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    hits[path] = (hits[path] ?? 0) + 1;
    const route = routes[path];
    const answer = typeof route === "function" ? route() : route;
    if (!answer) return; // no answer at all: the request hangs
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, hits, close, server };
}

/** One request: a period far longer than the test, so only the first tick fires. */
async function sampleOnce(url: string, expect: ProbeExpectation, timeoutMs?: number): Promise<ProbeSample> {
  const probe = new HttpProbe({ url, expect, periodMs: 60_000, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).start();
  const samples = await probe.stop();
  assert.equal(samples.length, 1);
  return samples[0]!;
}

const json = (value: unknown): Answer => ({ status: 200, body: JSON.stringify(value), headers: { "content-type": "application/json" } });

describe("the HTTP probe judges the answer, not just that one came", () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("fails a 302 and does not follow it (WordPress without its database redirects to an installer that answers 200)", async () => {
    server = await serve({
      "/post": { status: 302, body: "", headers: { location: "/installer" } },
      "/installer": json({ id: SEED }),
    });
    const sample = await sampleOnce(`${server.url}/post`, EXPECT_SEED);
    assert.equal(sample.ok, false);
    assert.equal(sample.status, 302);
    assert.equal(sample.error, "status 302");
    assert.equal(server.hits["/installer"], undefined, "the redirect was followed");
  });

  it("fails a 200 whose JSON is another post, and says which", async () => {
    server = await serve({ "/post": json({ id: 7, title: { rendered: "another" } }) });
    const sample = await sampleOnce(`${server.url}/post`, EXPECT_SEED);
    assert.equal(sample.ok, false);
    assert.equal(sample.status, 200);
    assert.equal(sample.error, "body: id 7, expected 12");
  });

  it("counts a 200 with the seeded post as ok, and the same answer with another id as failed", async () => {
    let id = SEED;
    server = await serve({ "/post": () => json({ id, title: { rendered: "firedrill seed post" } }) });
    const right = await sampleOnce(`${server.url}/post`, EXPECT_SEED);
    id = SEED + 1;
    const wrong = await sampleOnce(`${server.url}/post`, EXPECT_SEED);
    assert.deepEqual([right.ok, right.error, right.status], [true, undefined, 200]);
    assert.deepEqual([wrong.ok, wrong.error], [false, "body: id 13, expected 12"]);
  });

  it("fails a 200 that is not JSON (an installer page, an error page)", async () => {
    server = await serve({ "/post": { status: 200, body: "<!DOCTYPE html><html><title>WordPress › Installation</title></html>" } });
    const sample = await sampleOnce(`${server.url}/post`, EXPECT_SEED);
    assert.equal(sample.ok, false);
    assert.equal(sample.status, 200);
    assert.match(sample.error ?? "", /^body: not JSON/);
  });

  it("fails a JSON answer without the field, and a body without the expected text", async () => {
    server = await serve({ "/rest": json({ code: "rest_no_route" }), "/page": { status: 200, body: "maintenance" } });
    assert.equal((await sampleOnce(`${server.url}/rest`, EXPECT_SEED)).error, "body: no id");
    const page = await sampleOnce(`${server.url}/page`, { status: 200, bodyIncludes: "firedrill seed post" });
    assert.deepEqual([page.ok, page.error], [false, 'body: no "firedrill seed post"']);
  });

  it("opens a new connection for each sample, so a hang can only be rescued by a SYN retransmission (1 s, after the timeout)", async () => {
    const ports: number[] = [];
    server = await serve({ "/post": () => json({ id: SEED }) });
    server.server.on("connection", (socket: { remotePort?: number }) => ports.push(socket.remotePort ?? 0));
    const probe = new HttpProbe({ url: `${server.url}/post`, expect: EXPECT_SEED, periodMs: 50 }).start();
    await new Promise((resolve) => setTimeout(resolve, 280));
    const samples = await probe.stop();
    assert.ok(samples.length >= 5 && samples.every((s) => s.ok), JSON.stringify(samples));
    assert.equal(new Set(ports).size, samples.length, "a connection was reused");
  });

  it("fails an answer that comes after the timeout, and times out by default before the first SYN retransmission (1 s)", async () => {
    assert.ok(PROBE_TIMEOUT_MS < 1000, `PROBE_TIMEOUT_MS is ${PROBE_TIMEOUT_MS}`);
    server = await serve({ "/hang": () => undefined });
    const sample = await sampleOnce(`${server.url}/hang`, EXPECT_SEED);
    assert.deepEqual([sample.ok, sample.error], [false, "timeout"]);
    assert.ok(sample.latencyMs >= PROBE_TIMEOUT_MS - 5 && sample.latencyMs < PROBE_TIMEOUT_MS + 300, `timed out after ${sample.latencyMs} ms`);
  });
});
