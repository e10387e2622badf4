import assert from "node:assert/strict";
import { preparedRootName } from "../../../src/lab/prepared-root.ts";

describe("a prepared data root's name", () => {
  const images = { host: "firedrill/host:aaaa", agent: "firedrill/agent:bbbb" };
  it("is the same for the same images in any order, so every lab of an image set finds it", () => {
    const name = preparedRootName(images, ["firedrill/haproxy:1", "firedrill/wp-wordpress:2"]);
    assert.match(name, /^firedrill-root-[0-9a-f]{12}$/);
    assert.equal(preparedRootName(images, ["firedrill/wp-wordpress:2", "firedrill/haproxy:1"]), name);
  });
  it("changes with any image it holds or the engine that stores them, so a rebuilt image is never served from an old root", () => {
    const name = preparedRootName(images, ["firedrill/haproxy:1"]);
    assert.notEqual(preparedRootName(images, ["firedrill/haproxy:2"]), name);
    assert.notEqual(preparedRootName({ ...images, host: "firedrill/host:cccc" }, ["firedrill/haproxy:1"]), name);
    assert.notEqual(preparedRootName({ ...images, agent: "firedrill/agent:dddd" }, ["firedrill/haproxy:1"]), name);
  });
});
