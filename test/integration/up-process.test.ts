import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import type Docker from "dockerode";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { runFilter } from "../../src/docker/labels.ts";
import { newRunId } from "../../src/docker/run-id.ts";
import { isEmpty, leftovers, sweep } from "../../src/lab/sweep.ts";
import { repoRoot } from "../../src/util/paths.ts";
import { sleep } from "../../src/util/wait-for.ts";
import { start } from "../support/firedrill-process.ts";

/**
 * `firedrill up` without --detach, as a person runs it: it holds the lab until Ctrl-C
 * (or SIGTERM), then removes everything of its run and exits 130 (or 143).
 */
describe("firedrill up, as a process (real engine)", function () {
  this.timeout(420_000);

  it("stays up with its lab until SIGINT, then removes all of the run and exits 130", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    const up = start(["up", "--hosts", "1", "--json", "--run", runId]);
    let stdout = "";
    up.child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    try {
      const startedAt = Date.now();
      // stdout and stderr are two pipes: either may be read first.
      await up.waitForOutput(/^\{"runId":.*\}$/m);
      await up.waitForOutput(/lab is up; press Ctrl-C to remove it/);
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      assert.ok(line, `a JSON line on stdout: ${stdout}`);
      const lab = JSON.parse(line) as { runId: string; edge: string; seedItemUrl: string };
      assert.equal(lab.runId, runId);
      console.log(`      (lab up in ${((Date.now() - startedAt) / 1000).toFixed(1)}s)`);

      // Still there a while later: the process, and its lab, serving.
      await sleep(8000);
      assert.equal(up.child.exitCode, null, "the process is still running");
      assert.equal(up.child.signalCode, null);
      const running = await engine.listContainers({ filters: runFilter(runId) });
      assert.ok(running.length >= 3, `host, registry and edge are running: ${running.map((c) => c.Names[0]).join(", ")}`);
      const seed = await fetch(lab.seedItemUrl, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      assert.equal(seed.status, 200, `the seed item through the edge (${lab.seedItemUrl})`);

      up.child.kill("SIGINT");
      const run = await up.exited;
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stderr, new RegExp(`SIGINT received: cleaning up[\\s\\S]*remove run ${runId}: done`));
      await assertNothingLeft(engine, runId);
    } finally {
      if (up.child.exitCode === null && up.child.signalCode === null) up.child.kill("SIGKILL");
      await up.exited;
      await sweep(engine, runId);
    }
  });

  // The exit code for each signal, and the cleanup run before the exit, on the same
  // wait `up` uses, without a lab (a second lab would cost a minute for the same code path).
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    it(`held until ${signal}, runs its cleanup, then exits ${code} (no lab)`, async function () {
      this.timeout(60_000);
      const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "test/support/hold-until-interrupted.ts")], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr.on("data", (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      try {
        while (!out.includes("holding")) {
          assert.equal(child.exitCode, null, `exited before holding: ${err}`);
          await sleep(50);
        }
        await sleep(1500);
        assert.equal(child.exitCode, null, "still held open with nothing else to do");
        child.kill(signal);
        assert.equal(await exited, code, err);
        assert.match(out, /cleaned up/);
        assert.match(err, new RegExp(`${signal} received: cleaning up \\(1 step\\)[\\s\\S]*test cleanup: done`));
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    });
  }
});

/** No container, network, volume (labelled, or named after the run) or secret of the run. */
async function assertNothingLeft(engine: Docker, runId: string): Promise<void> {
  // Look again after a while: a create still on its way must not land after the sweep.
  await sleep(2000);
  const left = await leftovers(engine, runId);
  assert.ok(isEmpty(left), JSON.stringify(left));
  const volumes = (await engine.listVolumes({ filters: { name: [`fd-${runId}-`] } })).Volumes ?? [];
  assert.deepEqual(volumes.map((v) => v.Name), []);
  // The stack's secrets live in the lab's own Swarm, gone with its hosts; the outer engine
  // has secrets only when it is itself a Swarm manager.
  const info = (await engine.info()) as { Swarm?: { ControlAvailable?: boolean } };
  if (info.Swarm?.ControlAvailable) {
    const secrets = (await engine.listSecrets({ filters: { label: [`firedrill.run=${runId}`] } })) as Array<{ Spec: { Name: string } }>;
    assert.deepEqual(secrets.map((s) => s.Spec.Name), []);
  }
}
