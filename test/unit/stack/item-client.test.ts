import assert from "node:assert/strict";
import { idFrom, parseItems } from "../../../src/stack/item-client.ts";
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
