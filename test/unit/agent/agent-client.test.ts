import assert from "node:assert/strict";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { AgentClient, AgentUnreachable } from "../../../src/agent/agent-client.ts";
import { TlsAuthority } from "../../../src/engine/tls-authority.ts";
import { Secret } from "../../../src/util/secret.ts";

/** A stand-in agent on loopback (the real one is exercised by the integration tests). */
function serve(authority: TlsAuthority, handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void): Promise<https.Server> {
  const server = authority.server("agent", { dns: ["localhost"], ips: ["127.0.0.1"] });
  const s = https.createServer({ key: server.key.reveal(), cert: server.cert, ca: server.ca, requestCert: true, rejectUnauthorized: true }, handler);
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

describe("agent client", function () {
  this.timeout(20_000);
  const authority = TlsAuthority.create("test");
  const tls = authority.client("runner");
  const token = new Secret("t0ken", "agent token");

  it("sends the token and reads the answer", async () => {
    let seen = "";
    const server = await serve(authority, (req, res) => {
      seen = req.headers.authorization ?? "";
      res.end(JSON.stringify({ agent: "1", faults: [], leaseRemainingMs: null }));
    });
    try {
      const client = new AgentClient("h", { host: "127.0.0.1", port: (server.address() as AddressInfo).port, tls, token });
      assert.deepEqual(await client.health(), { agent: "1", faults: [], leaseRemainingMs: null });
      assert.equal(seen, "Bearer t0ken");
    } finally {
      server.close();
    }
  });

  it("a refused connection never reached the agent: safe to send again", async () => {
    const server = await serve(authority, () => undefined);
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const client = new AgentClient("h", { host: "127.0.0.1", port, tls, token });
    await assert.rejects(client.exec(["true"]), (e: unknown) => e instanceof AgentUnreachable && e.mayHaveRun === false);
  });

  it("an answer cut off after its headers is an error that may have run, not a promise left hanging", async () => {
    const server = await serve(authority, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"exitCode":');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    try {
      const client = new AgentClient("h", { host: "127.0.0.1", port: (server.address() as AddressInfo).port, tls, token });
      await assert.rejects(client.exec(["iptables", "-I", "OUTPUT"]), (e: unknown) => e instanceof AgentUnreachable && e.mayHaveRun && /cut off/.test(e.message));
    } finally {
      server.close();
    }
  });

  it("an error status is an error with the agent's words, and the token is in no message", async () => {
    const server = await serve(authority, (_req, res) => {
      res.statusCode = 500;
      res.end('{"error":"agent error: OSError(28)"}');
    });
    try {
      const client = new AgentClient("h", { host: "127.0.0.1", port: (server.address() as AddressInfo).port, tls, token });
      await assert.rejects(client.register({ id: "abcd1234", undo: "true", maxMs: 1000, leaseMs: 3000 }), (e: Error) => /answered 500: .*OSError\(28\)/.test(e.message) && !e.message.includes("t0ken"));
    } finally {
      server.close();
    }
  });
});
