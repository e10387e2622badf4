import assert from "node:assert/strict";
import http from "node:http";
import https from "node:https";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { TlsAuthority } from "../../src/engine/tls-authority.ts";
import { faultKind } from "../../src/faults/fault-catalog.ts";
import { ActiveFaults, FaultJournal } from "../../src/faults/fault-journal.ts";
import { auditLab, diffAudits } from "../../src/faults/host-audit.ts";
import { engineAnswers } from "../../src/faults/host-checks.ts";
import { Fault } from "../../src/faults/inject-fault.ts";
import { agentContainerName } from "../../src/agent/start-agent.ts";
import { waitForBaseline } from "../../src/stack/baseline.ts";
import { sleep } from "../../src/util/wait-for.ts";
import { firedrill, start } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

const TARGET = "host-2";
const LEASE_S = 10;

/** Polls `check` every 250 ms until it holds; returns how long that took, or undefined after `withinMs`. */
async function msUntil(check: () => Promise<boolean>, withinMs: number): Promise<number | undefined> {
  const t0 = Date.now();
  while (Date.now() - t0 <= withinMs) {
    if (await check().catch(() => false)) return Date.now() - t0;
    await sleep(250);
  }
  return undefined;
}

/** What a TLS endpoint answers a client with these settings: the status, or the connection's error. */
function answer(url: string, options: https.RequestOptions & { plain?: boolean }): Promise<string> {
  const target = new URL(url);
  const { plain, ...settings } = options;
  return new Promise((resolve) => {
    (plain ? http : https)
      .request({ host: target.hostname, port: target.port, path: target.pathname, timeout: 5000, ...settings }, (r) => {
        let body = "";
        r.on("data", (c: Buffer) => (body += c.toString()));
        r.on("end", () => resolve(`${r.statusCode} ${body.slice(0, 400)}`));
      })
      .on("error", (e: NodeJS.ErrnoException) => resolve(`refused: ${e.code ?? e.message}`))
      .end();
  });
}

describe("the hosts' engines and agents take only the run's client certificate (real lab)", function () {
  this.timeout(60_000);
  let shared: LabWithStack;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  it("a host engine refuses plain HTTP, TLS without a client certificate, and another authority's certificate", async () => {
    const host = shared.lab.host(TARGET);
    const url = `${host.engineUrl}/version`;
    const { client } = shared.lab.access;
    const stranger = TlsAuthority.create("not this run").client("stranger");
    assert.match(await answer(url, { ca: client.ca, cert: client.cert, key: client.key.reveal() }), /^200 .*"ApiVersion"/, "the run's certificate gets in");
    assert.doesNotMatch(await answer(url.replace("https:", "http:"), { plain: true }), /ApiVersion/);
    assert.match(await answer(url, { ca: client.ca }), /^refused: /);
    assert.match(await answer(url, { ca: client.ca, cert: stranger.cert, key: stranger.key.reveal() }), /^refused: /);
  });

  it("a host agent refuses the same, and the run's certificate without the run's token", async () => {
    const host = shared.lab.host(TARGET);
    const url = `${host.agent.url}/v1/health`;
    const { client, token } = shared.lab.access;
    const stranger = TlsAuthority.create("not this run").client("stranger");
    const mine = { ca: client.ca, cert: client.cert, key: client.key.reveal() };
    assert.match(await answer(url, { ...mine, headers: { authorization: `Bearer ${token.reveal()}` } }), /^200 .*"agent"/);
    assert.match(await answer(url, mine), /^401 /);
    assert.match(await answer(url, { ...mine, headers: { authorization: "Bearer guess" } }), /^401 /);
    assert.match(await answer(url.replace("https:", "http:"), { plain: true, headers: { authorization: `Bearer ${token.reveal()}` } }), /^refused: /);
    assert.match(await answer(url, { ca: client.ca, headers: { authorization: `Bearer ${token.reveal()}` } }), /^refused: /);
    assert.match(await answer(url, { ca: client.ca, cert: stranger.cert, key: stranger.key.reveal(), headers: { authorization: `Bearer ${token.reveal()}` } }), /^refused: /);
  });
});

describe("dead-man switch: a host reverts its faults by itself when the runner is gone (real lab)", function () {
  this.timeout(240_000);
  let shared: LabWithStack;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  afterEach(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    await waitForBaseline(shared.lab, shared.deployed);
  });

  /** The agent's own log: what it did and why (read through the host's engine). */
  async function agentLog(): Promise<string> {
    const engine = shared.lab.host(TARGET).engine(10_000);
    return String(await engine.getContainer(agentContainerName(shared.lab.runId)).logs({ stdout: true, stderr: true, tail: 300 }));
  }

  for (const c of [
    { fault: "daemon-freeze", reverted: async () => (await engineAnswers(shared.lab.host(TARGET))).ok, what: "its engine answers again" },
    {
      fault: "registry-block",
      reverted: async () => !/firedrill:/.test(await shared.lab.host(TARGET).execOrThrow(["iptables-save"])),
      what: "its firewall holds no firedrill rule",
    },
  ]) {
    it(`SIGKILL during ${c.fault}: ${c.what} within the lease plus 10 s, with no firedrill command`, async () => {
      const before = await auditLab(shared.lab);
      const child = start(["fault", c.fault, "--run", shared.lab.runId, "--host", TARGET, "--for", "600s"], { FIREDRILL_LEASE: `${LEASE_S}s` });
      await child.waitForOutput(/in effect for 600s/);
      assert.equal(await c.reverted(), false, `${c.fault} is in effect`);
      child.child.kill("SIGKILL");
      const killedAt = Date.now();
      await child.exited;

      const tookMs = await msUntil(c.reverted, (LEASE_S + 10) * 1000);
      assert.ok(tookMs !== undefined, `${TARGET} was not reverted within ${LEASE_S + 10}s of the runner's death`);
      process.stderr.write(`      (${c.fault}: reverted by the agent ${((Date.now() - killedAt) / 1000).toFixed(1)}s after SIGKILL, lease ${LEASE_S}s)\n`);
      assert.match(await agentLog(), /lease lapsed: no runner renewed it; reverting 1 fault/);
      assert.deepEqual(diffAudits(before, await auditLab(shared.lab)), [], "nothing of the fault is left");

      // The journal still says what the dead runner did; the next command's revert finds nothing left to undo.
      const journal = new FaultJournal(shared.lab.outer, "");
      assert.equal((await journal.pending(shared.lab.runId)).length, 1);
      const clean = await firedrill(["clean", "--faults", "--run", shared.lab.runId]);
      assert.equal(clean.code, 0, clean.stderr);
      assert.deepEqual(await journal.pending(shared.lab.runId), []);
    });
  }

  it("a live runner keeps its fault in effect past the lease: it renews it", async () => {
    const host = shared.lab.host(TARGET);
    await using active = new ActiveFaults();
    const injected = await new Fault(faultKind("registry-block"), TARGET, {}, { leaseMs: 3000 }).inject(shared.lab, active);
    await sleep(9000);
    assert.match(await host.execOrThrow(["iptables-save"]), new RegExp(`firedrill:${injected.record.id}`), "three lease periods later the rule is still there");
    assert.deepEqual((await host.agent.health()).faults, [injected.record.id]);
    await injected.revert();
    assert.deepEqual((await host.agent.health()).faults, [], "the revert let go of it");
  });

  it("a fault that outlives its maximum duration is reverted by the agent while the runner still renews the lease", async () => {
    const host = shared.lab.host(TARGET);
    await using active = new ActiveFaults();
    const injected = await new Fault(faultKind("daemon-freeze"), TARGET, {}, { maxMs: 6000, leaseMs: 60_000 }).inject(shared.lab, active);
    assert.equal((await engineAnswers(host)).ok, false);
    const tookMs = await msUntil(async () => (await engineAnswers(host)).ok, 20_000);
    assert.ok(tookMs !== undefined, "the engine was not thawed after the fault's maximum");
    // The engine answers as soon as it is thawed; the agent logs the undo once its script has
    // finished, a moment later: the line is waited for, not read once.
    const undone = new RegExp(`fault ${injected.record.id} undone \\(its maximum duration passed\\)`);
    await msUntil(async () => undone.test(await agentLog()), 10_000);
    assert.match(await agentLog(), undone);
    const report = await injected.revert();
    assert.deepEqual(report.actions, [], "nothing was left for the runner to undo");
  });
});
