import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { findK6 } from "../../../src/traffic/k6-executable.ts";
import { K6Traffic, type K6TrafficOptions } from "../../../src/traffic/k6-traffic.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import { repoRoot } from "../../../src/util/paths.ts";
import { thrown } from "../../support/thrown.ts";

const STANDIN_DIR = path.join(repoRoot, "test", "support", "k6-standin");
const STANDIN = path.join(STANDIN_DIR, "k6");

/** An executable script in `dir` (a shebang'd Node program). */
function executable(dir: string, name: string, source: string, mode = 0o755): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/usr/bin/env node\n${source}\n`);
  chmodSync(file, mode);
  return file;
}

describe("k6 traffic (with the stand-in k6)", function () {
  let tmp: string;
  let script: string;
  let server: http.Server;
  let baseUrl: string;
  let gets = 0;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "firedrill-k6-"));
    script = path.join(tmp, "edge-read.js");
    writeFileSync(script, "export default function () {}\n");
    server = http.createServer((req, res) => {
      if (req.method === "GET") gets += 1;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs k6 for `ms`, then stops it: the record, how long stop() took, and the generator. */
  async function run(recording: string, ms: number, options: Partial<K6TrafficOptions> = {}) {
    const traffic = new K6Traffic({ executable: STANDIN, script, baseUrl, outDir: path.join(tmp, "out"), env: { ...process.env, FIREDRILL_K6_STANDIN: recording }, ...options });
    await traffic.start();
    await delay(ms);
    const stopping = Date.now();
    const record = await traffic.stop();
    return { record, stopMs: Date.now() - stopping, traffic };
  }

  const total = (record: TrafficRecord, key: "requests" | "failed") => record.seconds.reduce((sum, s) => sum + s[key], 0);

  it("records every request answered and every threshold held (ok): exit 0, k6 given the edge, stopped in a moment", async () => {
    const before = gets;
    const { record, stopMs, traffic } = await run("ok", 1500);
    assert.equal(record.source, "k6");
    assert.equal(record.spec, `k6:${script}`);
    // About 10 requests a second (20 recorded instants, a request's and its iteration's).
    assert.ok(total(record, "requests") >= 5, `${total(record, "requests")} requests`);
    assert.equal(total(record, "failed"), 0);
    assert.deepEqual(record.k6, { exitCode: 0, thresholds: ["http_req_duration: p(95)<500", "http_req_failed: rate<0.01", "checks: rate>0.99"] });
    assert.ok(gets > before, "the stand-in's GET never reached BASE_URL");
    assert.ok(stopMs < 5000, `stop() took ${stopMs} ms`);
    // The seconds are those of the run (the stand-in stamps its points with the time of sending).
    assert.ok(record.seconds.every((s) => Math.abs(s.at - Date.now()) < 60_000));
    assert.ok(traffic.outputFile && readFileSync(traffic.outputFile, "utf8").includes('"type":"Point"'));
  });

  it("records the failed requests (failing), whose thresholds were crossed: exit 99", async () => {
    const { record } = await run("failing", 1500);
    assert.ok(total(record, "failed") > 0);
    assert.ok(total(record, "failed") < total(record, "requests"));
    assert.equal(record.k6?.exitCode, 99);
    assert.equal(record.k6?.stderrTail, undefined);
  });

  it("says a threshold crossed with every request answered (breach): exit 99, not k6's 105 for the SIGINT", async () => {
    const { record } = await run("breach", 1200);
    assert.equal(total(record, "failed"), 0);
    assert.equal(record.k6?.exitCode, 99);
    assert.ok(record.k6?.thresholds.includes("http_req_duration: p(95)<100"));
  });

  it("writes each run to files of its own in the same folder", async () => {
    const outDir = path.join(tmp, "numbered");
    // Long enough for the stand-in to be up when the SIGINT comes (before, Node's default would end it).
    const first = await run("ok", 700, { outDir });
    const second = await run("ok", 700, { outDir });
    assert.equal(first.traffic.outputFile, path.join(outDir, "k6-1.json"));
    assert.equal(second.traffic.outputFile, path.join(outDir, "k6-2.json"));
    assert.ok(existsSync(path.join(outDir, "k6-2-summary.json")));
  });

  it("keeps k6's own exit and the end of its stderr when the script failed by itself (no BASE_URL: 107)", async () => {
    const { record } = await run("ok", 800, { baseUrl: "" });
    assert.equal(record.k6?.exitCode, 107);
    assert.match(record.k6?.stderrTail ?? "", /BASE_URL is not set/);
    assert.deepEqual(record.seconds, []);
  });

  it("kills a k6 that does not stop within the stop timeout, and says so (137)", async () => {
    const stubborn = executable(tmp, "k6-stubborn", 'process.on("SIGINT", () => process.stderr.write("not stopping\\n")); setInterval(() => {}, 1000);');
    const { record, stopMs } = await run("ok", 700, { executable: stubborn, stopTimeoutMs: 500 });
    assert.equal(record.k6?.exitCode, 137);
    assert.match(record.k6?.stderrTail ?? "", /not stopping/);
    assert.ok(stopMs < 3000, `stop() took ${stopMs} ms`);
  });

  it("refuses to start a k6 that cannot be run, naming it", async () => {
    for (const missing of [path.join(tmp, "no-such-k6"), executable(tmp, "k6-not-executable", "", 0o644)]) {
      const traffic = new K6Traffic({ executable: missing, script, baseUrl, outDir: path.join(tmp, "out") });
      const error = await traffic.start().then(
        () => assert.fail("started"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof FiredrillError);
      assert.equal(error.code, "K6_NOT_FOUND");
      assert.ok(error.message.includes(missing), error.message);
    }
  });
});

describe("findK6", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "firedrill-findk6-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("takes FIREDRILL_K6 when set, whatever PATH has", () => {
    assert.equal(findK6({ FIREDRILL_K6: STANDIN, PATH: "" }), STANDIN);
    assert.equal(findK6({ FIREDRILL_K6: path.relative(process.cwd(), STANDIN), PATH: STANDIN_DIR }), STANDIN);
  });

  it("refuses a FIREDRILL_K6 that is not an executable file, naming it", () => {
    const plain = path.join(tmp, "k6-plain");
    writeFileSync(plain, "#!/bin/sh\n");
    chmodSync(plain, 0o644);
    for (const [given, why] of [
      [plain, "is not executable"],
      [tmp, "is not a file"],
      [path.join(tmp, "nothing"), "does not exist"],
    ] as const) {
      const error = thrown(() => findK6({ FIREDRILL_K6: given, PATH: STANDIN_DIR }));
      assert.equal(error.code, "K6_NOT_FOUND");
      assert.equal(error.message, `FIREDRILL_K6=${given} ${why}`);
      assert.match(error.hint, /FIREDRILL_K6/);
    }
  });

  it("finds the first executable k6 on PATH, skipping what is not one", () => {
    const notExecutable = path.join(tmp, "a");
    mkdirSync(notExecutable);
    writeFileSync(path.join(notExecutable, "k6"), "");
    const aDirectory = path.join(tmp, "b");
    mkdirSync(path.join(aDirectory, "k6"), { recursive: true });
    const PATH = [path.join(tmp, "empty"), notExecutable, aDirectory, STANDIN_DIR, "/usr/bin"].join(path.delimiter);
    assert.equal(findK6({ PATH }), STANDIN);
    assert.equal(findK6({ PATH, FIREDRILL_K6: "" }), STANDIN);
  });

  it("is undefined when there is no k6", () => {
    assert.equal(findK6({ PATH: path.join(tmp, "empty") }), undefined);
    assert.equal(findK6({}), undefined);
  });
});
