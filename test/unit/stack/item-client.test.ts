import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { idFrom, parseItems, readItems } from "../../../src/stack/item-client.ts";
import { loadStack } from "../../../src/stack/load-stack.ts";
import type { StackManifest } from "../../../src/stack/stack-manifest.ts";
import { render, templateValues } from "../../../src/stack/template.ts";
import { placeholders } from "../../../src/stack/stack-manifest.ts";

describe("the durability pair's parsing", () => {
  it("finds a written item's id in a JSON field or a regular expression's group, and nothing in an answer without one", () => {
    assert.equal(idFrom({ json: "id" }, '{"id": 42, "title": "t"}'), "42");
    assert.equal(idFrom({ json: "id" }, '{"title": "t"}'), undefined);
    assert.equal(idFrom({ json: "id" }, "not json"), undefined);
    const xmlrpc = { regex: "<params>\\s*<param>\\s*<value>\\s*<string>(\\d+)</string>" };
    assert.equal(idFrom(xmlrpc, "<methodResponse><params><param><value><string>17</string></value></param></params></methodResponse>"), "17");
    // A fault answers 200 too; its code is an int, not an id.
    assert.equal(idFrom(xmlrpc, "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>403</int></value></member></struct></value></fault></methodResponse>"), undefined);
  });

  it("reads items back by dotted paths, ids as strings", () => {
    assert.deepEqual(parseItems('[{"id": 3, "title": {"rendered": "a"}}]', "id", "title.rendered"), [{ id: "3", title: "a" }]);
    assert.deepEqual(parseItems('[{"id": "x9", "title": "b"}]', "id", "title"), [{ id: "x9", title: "b" }]);
    assert.throws(() => parseItems('{"id": 3}', "id", "title"), /not a JSON array/);
    assert.throws(() => parseItems('[{"title": "no id"}]', "id", "title"), /without id/);
    assert.throws(() => parseItems("<html>", "id", "title"), /not JSON/);
  });
});

describe("templates", () => {
  it("fill {{seed.id}}, {{ids}}, {{item.title}} and {{secret.NAME}}, and refuse a placeholder without a value", () => {
    const values = { ...templateValues({ api_token: "s3cret" }, "7"), ids: "1,2", "item.title": "t" };
    assert.equal(render("/n/{{seed.id}}?ids={{ ids }}&t={{item.title}}", values), "/n/7?ids=1,2&t=t");
    assert.equal(render("Bearer {{secret.api_token}}", values), "Bearer s3cret");
    assert.throws(() => render("{{secret.other}}", values), /no value for \{\{secret\.other\}\}/);
    assert.deepEqual(placeholders("{{a.b}} x {{ c }}"), ["a.b", "c"]);
  });
});

describe("reading items back (against a local server)", function () {
  this.timeout(10_000);

  let server: http.Server;
  let baseUrl: string;
  let manifest: StackManifest;
  /** The ids each read asked for, in the order the reads arrived. */
  let asked: string[][];
  /** How long each read takes to answer (ms). */
  let answerMs: number;
  /** The most reads the server had at once. */
  let mostAtOnce: number;
  let atOnce: number;

  before(async () => {
    // The notes stack reads /notes?ids=1,2,3 in batches of 100, its items {"id", "title"}.
    manifest = (await loadStack("notes")).manifest;
    server = http.createServer((req, res) => {
      const ids = (new URL(req.url ?? "", "http://x").searchParams.get("ids") ?? "").split(",").filter(Boolean);
      asked.push(ids);
      mostAtOnce = Math.max(mostAtOnce, ++atOnce);
      setTimeout(() => {
        atOnce -= 1;
        res.writeHead(200, { "content-type": "application/json" });
        // Every id answers, titled after itself.
        res.end(JSON.stringify(ids.map((id) => ({ id: Number(id), title: `t${id}` }))));
      }, answerMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    asked = [];
    answerMs = 0;
    mostAtOnce = 0;
    atOnce = 0;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("asks for each id once, read.batch at a time: 250 ids, 50 of them twice (a seed the load also names), in 2 reads of at most 100", async () => {
    const ids = [...Array.from({ length: 200 }, (_, i) => String(i + 1)), ...Array.from({ length: 50 }, (_, i) => String(i + 1))];
    const items = await readItems(baseUrl, manifest, {}, ids);
    assert.equal(asked.length, 2, JSON.stringify(asked.map((a) => a.length)));
    assert.deepEqual(asked.flat().sort(), Array.from({ length: 200 }, (_, i) => String(i + 1)).sort());
    assert.equal(items.length, 200);
    assert.deepEqual(items.find((i) => i.id === "7"), { id: "7", title: "t7" });
  });

  it("reads a scenario's thousand items a few batches at a time, not one by one", async () => {
    answerMs = 100;
    const ids = Array.from({ length: 1000 }, (_, i) => String(i + 1));
    const started = Date.now();
    const items = await readItems(baseUrl, manifest, {}, ids);
    assert.equal(items.length, 1000);
    assert.equal(asked.length, 10);
    assert.ok(mostAtOnce >= 2 && mostAtOnce <= 4, `${mostAtOnce} reads at once`);
    // One at a time would be 10 x 100 ms.
    assert.ok(Date.now() - started < 900, `${Date.now() - started}ms`);
  });

  it("gives up at its deadline, however many batches are left, saying how far it got", async () => {
    answerMs = 400;
    const ids = Array.from({ length: 2000 }, (_, i) => String(i + 1));
    const started = Date.now();
    await assert.rejects(readItems(baseUrl, manifest, {}, ids, { deadlineMs: 1000 }), /reading items: \d+ of 20 batches read within 1000ms/);
    // Each read would have had its own 10 s: 20 of them at 400 ms, 4 at once, take 2 s.
    assert.ok(Date.now() - started < 1500, `${Date.now() - started}ms`);
  });
});
