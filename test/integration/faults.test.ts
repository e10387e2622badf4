import assert from "node:assert/strict";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import type { FaultKind } from "../../src/faults/fault.ts";
import { faultKind } from "../../src/faults/fault-catalog.ts";
import { ActiveFaults, FaultJournal } from "../../src/faults/fault-journal.ts";
import { auditLab, diffAudits } from "../../src/faults/host-audit.ts";
import { Fault } from "../../src/faults/inject-fault.ts";
import { PROBE_IMAGE_LABEL } from "../../src/faults/registry-probe-image.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { waitForBaseline } from "../../src/stack/baseline.ts";
import { firedrill } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * Every fault on the real lab: it is proven in effect by what the host itself shows (the
 * evidence says what was seen, never the platform's reaction), T0 is taken just before its
 * action, its revert is proven, and the residue audit of every host is empty afterwards.
 */
interface Case {
  fault: string;
  host?: string;
  options?: Record<string, string>;
  evidence: RegExp[];
  /** The longest the injection may take: a proof that waited on the platform would not fit. */
  injectWithinMs?: number;
  revertEvidence?: RegExp[];
  /** Checks after the revert, beyond the audit. */
  after?: (shared: LabWithStack, faultId: string) => Promise<void>;
}

const packetsCounted = /the rule for [\d.]+:5000 counted [1-9]\d* packets \(\d+ bytes\) during the failed pull/;

const cases: Case[] = [
  { fault: "daemon-freeze", evidence: [/dockerd T, containerd T/, /engine: no answer/, /still running/] },
  { fault: "host-pause", evidence: [/container paused/, /engine: no answer/] },
  { fault: "registry-block", options: { mode: "drop" }, evidence: [/drop rule for .*:5000/, /cannot pull .*no answer within 5s/, packetsCounted, /host-1 pulled/] },
  { fault: "registry-block", options: { mode: "reject" }, evidence: [/reject rule/, /cannot pull .*connection refused/, packetsCounted, /host-1 pulled/] },
  {
    fault: "registry-credentials",
    host: "host-1",
    evidence: [
      /host-1: login for registry:5000 replaced/,
      /Swarm task \w+ of firedrill-pull-probe-\w+ \(created with host-1's login, for registry:5000\/firedrill\/haproxy:firedrill-probe-\w+, on no host before\) on host-1: rejected: No such image/,
      /host-1 engine, pulling for that task: .*(unauthorized|authentication required)/,
    ],
    revertEvidence: [/host-1: docker pull with its login works again/],
    after: noProbeLeft,
  },
  { fault: "port-collision", options: { port: "8081" }, evidence: [/container firedrill-squatter-\w+ holds port 8081/, /binding port 8081 fails: .*Address already in use/] },
  { fault: "port-collision", options: { port: "8082", squatter: "process" }, evidence: [/process firedrill-squatter-\w+ holds port 8082/, /Address already in use/] },
  {
    fault: "partition",
    evidence: [/traffic to and from host-1 .*host-3 .* dropped/, /no longer reach each other/, /the 4 DROP rules counted [1-9]\d* packets out and [1-9]\d* in/, /runner still reaches host-2/],
  },
  {
    fault: "partition",
    options: { from: "managers" },
    evidence: [/traffic to and from host-1 \([\d.]+\) dropped/, /host-2 and host-1 no longer reach/, /the 2 DROP rules counted [1-9]\d* packets out and [1-9]\d* in/, /runner still reaches/],
  },
  { fault: "packet-loss", options: { share: "0.3" }, evidence: [/30% of packets/, /measured \d+\.\d% loss each way .* over 400 pings/] },
  // No manager line: the manager marking the node down is judged by the scenario, not waited for here.
  {
    fault: "host-halt",
    options: { mode: "stop" },
    evidence: [/lab container fd-\S+-host-2: exited \(exit 0\)/, /engine: no answer/],
    injectWithinMs: 15_000,
    revertEvidence: [/engine answers/, /manager host-1 sees host-2 ready again/],
  },
  {
    fault: "host-halt",
    options: { mode: "kill" },
    evidence: [/lab container fd-\S+-host-2: exited \(exit 137\)/, /engine: no answer/],
    injectWithinMs: 5000,
    revertEvidence: [/engine answers/, /manager host-1 sees host-2 ready again/],
  },
];

/** The registry-credentials proof leaves no service, no pulled image and no registry tag behind. */
async function noProbeLeft({ lab }: LabWithStack, faultId: string): Promise<void> {
  const host = lab.host("host-1");
  assert.doesNotMatch(await host.execOrThrow(["docker", "service", "ls", "--format", "{{.Name}}"]), /firedrill-pull-probe/);
  assert.deepEqual(await host.engine(10_000).listImages({ filters: { label: [`${PROBE_IMAGE_LABEL}=${faultId}`] } }), []);
  const tags = (await (await lab.registry.fetch("/v2/firedrill/haproxy/tags/list")).json()) as { tags: string[] };
  assert.deepEqual(tags.tags.filter((t) => t.includes("probe")), []);
}

/**
 * The kind as it is, with its `acting` call watched: the test sees when (and whether) the
 * kind acted, as the clock read just before and just after the runner's own reading (they
 * can straddle a millisecond tick, so T0 is checked to lie between them).
 */
function watched(kind: FaultKind, seen: { actedAt?: number; actedBy?: number }): FaultKind {
  return {
    ...kind,
    inject: (lab, host, record, acting) =>
      kind.inject(lab, host, record, () => {
        const before = Date.now();
        acting();
        if (seen.actedAt === undefined) [seen.actedAt, seen.actedBy] = [before, Date.now()];
      }),
  };
}

/** The worker faults are aimed at: not the manager, not the pinned host (the last one, which runs the database). */
const TARGET = "host-2";

describe("faults on the real lab", function () {
  this.timeout(240_000);
  let shared: LabWithStack;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  for (const c of cases) {
    const label = `${c.fault}${c.options ? ` ${JSON.stringify(c.options)}` : ""}`;
    it(`${label}: proven in effect, reverted, no residue`, async () => {
      const { lab, deployed } = shared;
      await waitForBaseline(lab, deployed);
      const before = await auditLab(lab);
      await using active = new ActiveFaults();
      const seen: { actedAt?: number; actedBy?: number } = {};
      const started = Date.now();
      const injected = await new Fault(watched(faultKind(c.fault), seen), c.host ?? TARGET, c.options).inject(lab, active);
      const injectMs = Date.now() - started;
      assert.equal(injected.evidence.length, c.evidence.length, injected.evidence.map((e) => e.what).join("\n"));
      c.evidence.forEach((pattern, i) => assert.match(injected.evidence[i]!.what, pattern));
      assert.ok(!injected.evidence.some((e) => /manager/.test(e.what)), "the proof does not wait on the platform");
      // T0 is the kind's own "acting" instant, just before its action, and comes before any evidence.
      assert.ok(seen.actedAt !== undefined, `${c.fault} never said when it acted`);
      assert.ok(seen.actedAt <= injected.actionAt && injected.actionAt <= seen.actedBy!, `T0 ${injected.actionAt} is the kind's acting instant [${seen.actedAt}, ${seen.actedBy}]`);
      assert.ok(injected.actionAt <= injected.evidence[0]!.at, `acted at ${injected.actionAt}, first evidence at ${injected.evidence[0]!.at}`);
      assert.ok(injected.actionAt <= injected.effectSeenAt && injected.effectSeenAt <= injected.evidence[injected.evidence.length - 1]!.at);
      if (c.injectWithinMs) assert.ok(injectMs < c.injectWithinMs, `the injection took ${injectMs}ms`);
      assert.equal((await new FaultJournal(lab.outer, "").pending(lab.runId)).length, 1, "recorded while in effect");

      const report = await injected.revert();
      assert.ok(report.evidence.length > 0);
      c.revertEvidence?.forEach((pattern) => assert.ok(report.evidence.some((e) => pattern.test(e.what)), `${pattern} in ${report.evidence.map((e) => e.what).join("; ")}`));
      assert.deepEqual(await injected.revert(), report, "a second revert is harmless and says the same");
      assert.equal(active.size, 0);
      assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), [], "the record is gone");
      assert.deepEqual(diffAudits(before, await auditLab(lab)), [], "residue");
      await c.after?.(shared, injected.record.id);
      await waitForBaseline(lab, deployed);
    });
  }

  it("firewall faults keep their rules in firedrill's own chains, behind one jump, and take the chains away with the last rule", async () => {
    const { lab } = shared;
    const host = lab.host(TARGET);
    await using active = new ActiveFaults();
    const block = await new Fault(faultKind("registry-block"), TARGET, { mode: "reject" }).inject(lab, active);
    const partition = await new Fault(faultKind("partition"), TARGET, { from: "managers" }).inject(lab, active);
    const output = (await host.execOrThrow(["iptables", "-w", "-S", "OUTPUT"])).split("\n").filter((l) => l.startsWith("-A"));
    assert.match(output[0]!, /^-A OUTPUT -m comment --comment "?firedrill:chain"? -j FIREDRILL-OUTPUT$/, "the jump comes first");
    assert.equal(output.filter((l) => /FIREDRILL/.test(l)).length, 1, "one jump, however many faults");
    assert.ok(!output.some((l) => l.includes(`firedrill:${block.record.id}`)), "no fault's rule among the host's own");
    const ours = await host.execOrThrow(["iptables", "-w", "-S", "FIREDRILL-OUTPUT"]);
    assert.match(ours, new RegExp(`firedrill:${block.record.id}`));
    assert.match(ours, new RegExp(`firedrill:${partition.record.id}`));
    await block.revert();
    assert.match(await host.execOrThrow(["iptables", "-w", "-S", "OUTPUT"]), /FIREDRILL-OUTPUT/, "the chain stays while the partition is in it");
    await partition.revert();
    assert.doesNotMatch(await host.execOrThrow(["iptables-save"]), /FIREDRILL|firedrill:/, "no chain and no jump left");
    await waitForBaseline(lab, shared.deployed);
  });

  it("registry-credentials on a worker is refused as input, saying why and what to pick, with nothing touched", async () => {
    const { lab } = shared;
    const before = await auditLab(lab);
    const cli = await firedrill(["fault", "registry-credentials", "--run", lab.runId, "--host", "host-3", "--for", "1s"]);
    assert.equal(cli.code, 64, cli.stderr);
    assert.match(cli.stderr, /host-3 is a Swarm worker, and nothing Swarm does there reads its registry login/);
    assert.match(cli.stderr, /code: FAULT_NEEDS_MANAGER/);
    assert.match(cli.stderr, /Aim it at a manager \(host-1\)[\s\S]*registry-block --host host-3/);
    assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), [], "nothing was recorded");

    // Through the library the kind refuses too, before it touches the host.
    await using active = new ActiveFaults();
    await assert.rejects(new Fault(faultKind("registry-credentials"), "host-3").inject(lab, active), /host-3 is a Swarm worker/);
    assert.equal(active.size, 0);
    assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), []);
    assert.deepEqual(diffAudits(before, await auditLab(lab)), []);
  });

  it("a fault that cannot be proven is reverted and raised as FAULT_NOT_PROVEN (port 80 is the lb's)", async () => {
    const { lab } = shared;
    const before = await auditLab(lab);
    await using active = new ActiveFaults();
    await assert.rejects(
      new Fault(faultKind("port-collision"), "host-2", { port: "80" }).inject(lab, active),
      (e: unknown) => e instanceof FiredrillError && e.code === "FAULT_NOT_PROVEN" && /could not take port 80/.test(e.message),
    );
    assert.equal(active.size, 0);
    assert.deepEqual(await new FaultJournal(lab.outer, "").pending(lab.runId), []);
    assert.deepEqual(diffAudits(before, await auditLab(lab)), []);
  });

  it("refuses bad fault input before touching anything", () => {
    assert.throws(() => faultKind("meteor-strike"), (e: unknown) => e instanceof FiredrillError && e.code === "FAULT_UNKNOWN" && e.message.includes("meteor-strike"));
    assert.throws(() => new Fault(faultKind("registry-block"), "host-2", { mode: "sideways" }), /mode = "sideways" is not one of drop, reject/);
    assert.throws(() => new Fault(faultKind("packet-loss"), "host-2", { share: "2" }), /share = "2" is not a number from 0.01 to 0.9/);
    assert.throws(() => new Fault(faultKind("host-pause"), "host-2", { mode: "x" }), /host-pause: no option "mode"/);
    assert.throws(() => shared.lab.host("host-9"), /no host host-9/);
  });
});
