import assert from "node:assert/strict";
import { edgeConfig } from "../../../src/lab/edge-config.ts";

describe("edge configuration", () => {
  const config = edgeConfig({ hosts: ["host-1", "host-2", "host-3"], checkPath: "/?rest_route=/", checkIntervalMs: 500 });

  it("has one health-checked server per host, on its port 80", () => {
    const servers = config.split("\n").filter((l) => l.trim().startsWith("server "));
    assert.deepEqual(servers.map((l) => l.trim()), ["server host-1 host-1:80 check", "server host-2 host-2:80 check", "server host-3 host-3:80 check"]);
  });

  it("checks the given path and accepts only 200: a redirect (WordPress sending every page to its installer) is down", () => {
    assert.match(config, /option httpchk GET \/\?rest_route=\/\n/);
    assert.match(config, /http-check expect status 200\n/);
    assert.doesNotMatch(config, /rstatus|\b3\d\d\b|\[23\]/);
  });

  it("re-resolves hosts through Docker's DNS so a restarted host is found again", () => {
    assert.match(config, /nameserver docker 127\.0\.0\.11:53/);
    assert.match(config, /resolvers lab init-addr last,libc,none/);
  });

  it("never checks faster than every 100ms", () => {
    assert.match(edgeConfig({ hosts: ["h"], checkPath: "/", checkIntervalMs: 5 }), /inter 100ms/);
  });

  it("in front of an inventory's hosts: their own addresses, resolved once (no Docker DNS there), listening on loopback only", () => {
    const fleet = edgeConfig({ hosts: [], servers: [{ name: "db-1", address: "10.0.0.11:80" }, { name: "web-1", address: "127.0.0.1:41234" }], listen: { http: 8080, stats: 8081, admin: 8082 }, checkPath: "/", checkIntervalMs: 500 });
    assert.deepEqual(fleet.split("\n").filter((l) => l.trim().startsWith("server ")).map((l) => l.trim()), ["server db-1 10.0.0.11:80 check", "server web-1 127.0.0.1:41234 check"]);
    assert.doesNotMatch(fleet, /resolvers|127\.0\.0\.11/);
    assert.match(fleet, /bind 127\.0\.0\.1:8080\n/);
    assert.match(fleet, /bind 127\.0\.0\.1:8081\n/);
    assert.match(fleet, /stats socket ipv4@127\.0\.0\.1:8082 level admin/);
    assert.doesNotMatch(fleet, /bind :|0\.0\.0\.0/);
  });

  it("refuses an empty host list", () => {
    assert.throws(() => edgeConfig({ hosts: [], checkPath: "/", checkIntervalMs: 500 }), /at least one host/);
  });
});

describe("edge runtime API", () => {
  it("is on a TCP socket at admin level, so the runner can switch backends at a known moment", () => {
    const config = edgeConfig({ hosts: ["host-1"], checkPath: "/", checkIntervalMs: 500 });
    assert.match(config, /stats socket ipv4@0\.0\.0\.0:9999 level admin/);
  });
});
