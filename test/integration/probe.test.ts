import net from "node:net";
import assert from "node:assert/strict";
import { HttpProbe } from "../../src/probe/http-probe.ts";
import { probeSpec } from "../../src/stack/probe-spec.ts";
import type { ProbeExpectation } from "../../src/probe/probe-expectation.ts";
import { sleep } from "../../src/util/wait-for.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

describe("the HTTP probe through the edge (real lab)", function () {
  this.timeout(60_000);
  let url: string;
  let edge: string;
  let expect: ProbeExpectation;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    const { lab, deployed } = await sharedLab();
    edge = lab.edge.url;
    const spec = probeSpec(deployed);
    url = `${edge}${spec.path}`;
    expect = spec.expect;
  });

  it("records one sample per period, each with start, latency and status, all successful in steady state", async () => {
    const probe = new HttpProbe({ url, expect, periodMs: 100 }).start();
    await sleep(3000);
    const samples = await probe.stop();
    assert.ok(samples.length >= 28 && samples.length <= 32, `${samples.length} samples in 3 s`);
    for (const s of samples) {
      assert.equal(s.status, 200);
      assert.equal(s.ok, true);
      assert.equal(s.version, "v1");
      assert.ok(s.latencyMs >= 0);
    }
    const gaps = samples.slice(1).map((s, i) => s.start - samples[i]!.start);
    const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    assert.ok(Math.abs(meanGap - 100) < 10, `mean gap ${meanGap} ms`);
  });

  it("records a refused connection as a failed sample with its cause, not as a crash", async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const probe = new HttpProbe({ url: `http://127.0.0.1:${port}/`, expect: { status: 200 }, periodMs: 50 }).start();
    await sleep(300);
    const samples = await probe.stop();
    assert.ok(samples.length >= 4);
    for (const s of samples) {
      assert.equal(s.ok, false);
      assert.equal(s.status, undefined);
      assert.equal(s.error, "ECONNREFUSED");
    }
  });

  it("fails WordPress's own answers that are not the seeded post: another post, and a redirect it does not follow", async () => {
    const probe = (path: string) => new HttpProbe({ url: `${edge}${path}`, expect, periodMs: 60_000 }).start().stop();
    const [another] = await probe("/?rest_route=/wp/v2/posts/1");
    assert.deepEqual([another?.status, another?.ok, another?.error], [200, false, `body: id 1, expected ${JSON.stringify(expect.json?.equals)}`]);
    // wp-admin sends a visitor without a login to wp-login.php, which answers 200.
    const [redirect] = await probe("/wp-admin/");
    assert.deepEqual([redirect?.status, redirect?.ok, redirect?.error], [302, false, "status 302"]);
  });
});
