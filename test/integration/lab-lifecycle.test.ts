import assert from "node:assert/strict";
import net from "node:net";
import { hostname } from "node:os";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import { newRunId } from "../../src/docker/run-id.ts";
import { startLab } from "../../src/lab/start-lab.ts";
import { defaultLabImages } from "../support/lab-images.ts";
import { isEmpty, leftovers, sweep } from "../../src/lab/sweep.ts";
import { FaultJournal } from "../../src/faults/fault-journal.ts";
import { healOrphans, revertRecordedFaults } from "../../src/faults/heal.ts";
import { runFilter } from "../../src/docker/labels.ts";
import { firedrill, start } from "../support/firedrill-process.ts";
import { sleep } from "../../src/util/wait-for.ts";
import { removeRun } from "../../src/lab/lab-starts.ts";

describe("lab lifecycle (real engine)", function () {
  this.timeout(180_000);

  it("leaves nothing labelled with the run after disposal", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    {
      await using lab = await startLab({ runId, hosts: 1 }, await defaultLabImages(engine), engine);
      assert.equal((await leftovers(engine, runId)).containers.length, 3, "host, registry and edge while it runs");
      assert.equal(lab.hosts.length, 1);
    }
    assert.deepEqual(await leftovers(engine, runId), { containers: [], networks: [], volumes: [] });
  });

  it("a lab that stopped on its own is reported at once, its faults not waited on, and `clean --run` removes it", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    const lab = await startLab({ runId, hosts: 1, detached: true }, await defaultLabImages(engine), engine);
    try {
      // A partition recorded by a runner from before the engine restarted.
      const record = { id: "0badf00d", kind: "partition", runId, host: "host-1", options: {}, owner: `${hostname()}/1@00000000:1`, recordedAt: Date.now() };
      await new FaultJournal(engine, lab.images.base).record(record);
      for (const c of await engine.listContainers({ filters: runFilter(runId) })) await engine.getContainer(c.Id).kill();

      await assert.rejects(revertRecordedFaults(engine, runId), (e: unknown) => e instanceof FiredrillError && e.code === "LAB_NOT_RUNNING" && /host-1 \(Exited/.test(e.message));
      const healed = await healOrphans(engine);
      assert.ok(!healed.some((line) => line.includes(runId)), "nothing was reverted on a lab that is not running");
      const all = await firedrill(["clean", "--faults"]);
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stderr, new RegExp(`run ${runId} is not running any more[\\s\\S]*firedrill clean --run ${runId}`));

      const clean = await firedrill(["clean", "--run", runId]);
      assert.equal(clean.code, 0, clean.stderr);
      assert.match(clean.stdout, /fault partition on host-1 \(0badf00d\) was still in effect: removed with its lab/);
      assert.ok(isEmpty(await leftovers(engine, runId)));
    } finally {
      await sweep(engine, runId);
    }
  });

  it("removing a run while its hosts are being created waits for the creates, so none lands after the sweep", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    const starting = startLab({ runId, hosts: 2 }, await defaultLabImages(engine), engine);
    starting.catch(() => undefined);
    // The first host volume exists: its container is on its way to the engine.
    while (((await engine.listVolumes({ filters: { name: [`fd-${runId}-host`] } })).Volumes ?? []).length === 0) await sleep(20);
    await removeRun(engine, runId);
    await starting.catch(() => undefined);
    await sleep(2000);
    assert.ok(isEmpty(await leftovers(engine, runId)), JSON.stringify(await leftovers(engine, runId)));
    assert.deepEqual(((await engine.listVolumes({ filters: { name: [`fd-${runId}-`] } })).Volumes ?? []).map((v) => v.Name), []);
    await sweep(engine, runId);
  });

  // The race itself is pinned down by the test above; this one is the process's side:
  // the exit code, and the exit only once the removal is done.
  it("SIGTERM while the hosts are being created: exits 143 once the run is removed", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    const up = start(["up", "--run", runId]);
    await up.waitForOutput(/hosts ready\.\.\./);
    up.child.kill("SIGTERM");
    const run = await up.exited;
    assert.equal(run.code, 143, run.stderr);
    assert.match(run.stderr, new RegExp(`remove run ${runId}: done`));
    // Look again after a while, and for volumes by name too (a container created after
    // its volume was removed brings the volume back, without labels).
    await sleep(3000);
    assert.ok(isEmpty(await leftovers(engine, runId)), JSON.stringify(await leftovers(engine, runId)));
    const volumes = (await engine.listVolumes({ filters: { name: [`fd-${runId}-`] } })).Volumes ?? [];
    assert.deepEqual(volumes.map((v) => v.Name), []);
  });

  it("cleans up after a host that cannot start, and shows the host's last log lines", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    await assert.rejects(
      startLab({ runId, hosts: 2, engine: { flags: ["--no-such-dockerd-flag"], daemonJson: {} } }, await defaultLabImages(engine), engine),
      (e: unknown) =>
        e instanceof FiredrillError &&
        // dockerd refusing a flag of the profile is the configuration's refusal, not the runner's.
        e.code === "CONFIG_REFUSED" &&
        (e.evidence ?? "").includes("unknown flag: --no-such-dockerd-flag"),
    );
    assert.ok(isEmpty(await leftovers(engine, runId)), "nothing of the failed run remains");
  });

  it("refuses an edge port that is taken, before starting anything", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      await assert.rejects(
        startLab({ runId, edgePort: port }, await defaultLabImages(engine), engine),
        (e: unknown) => e instanceof FiredrillError && e.code === "PORT_IN_USE" && e.message.includes(String(port)),
      );
      assert.ok(isEmpty(await leftovers(engine, runId)));
    } finally {
      squatter.close();
    }
  });
});
