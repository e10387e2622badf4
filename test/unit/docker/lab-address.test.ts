import assert from "node:assert/strict";
import { labAddress, labServerNames } from "../../../src/docker/lab-address.ts";

describe("where the lab's published ports are", () => {
  it("an engine on this machine: published on loopback only, reached there", () => {
    for (const env of [{}, { DOCKER_HOST: "unix:///var/run/docker.sock" }, { DOCKER_HOST: "tcp://127.0.0.1:2375" }, { DOCKER_HOST: "tcp://localhost:2376" }]) {
      assert.deepEqual({ ...labAddress(env), why: "" }, { bind: "127.0.0.1", reach: "127.0.0.1", why: "" }, JSON.stringify(env));
    }
  });

  it("a docker:dind service (tcp://docker:2376): published on the engine's interfaces, reached at its name", () => {
    assert.deepEqual(labAddress({ DOCKER_HOST: "tcp://docker:2376" }), { bind: "0.0.0.0", reach: "docker", why: "DOCKER_HOST=tcp://docker:2376 is another machine" });
    assert.equal(labAddress({ DOCKER_HOST: "tcp://10.1.2.3:2376" }).reach, "10.1.2.3");
  });

  it("FIREDRILL_LAB_ADDRESS wins over DOCKER_HOST", () => {
    assert.deepEqual({ ...labAddress({ DOCKER_HOST: "tcp://docker:2376", FIREDRILL_LAB_ADDRESS: "172.17.0.3" }), why: "" }, { bind: "0.0.0.0", reach: "172.17.0.3", why: "" });
  });

  it("server certificates carry the address the runner reaches them at", () => {
    assert.deepEqual(labServerNames(labAddress({}), "host-1"), { dns: ["host-1", "localhost"], ips: ["127.0.0.1"] });
    assert.deepEqual(labServerNames(labAddress({ DOCKER_HOST: "tcp://docker:2376" }), "host-1"), { dns: ["host-1", "localhost", "docker"], ips: ["127.0.0.1"] });
    assert.deepEqual(labServerNames(labAddress({ DOCKER_HOST: "tcp://10.1.2.3:2376" }), "host-2"), { dns: ["host-2", "localhost"], ips: ["127.0.0.1", "10.1.2.3"] });
  });
});
