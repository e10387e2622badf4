import assert from "node:assert/strict";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { faultKind } from "../../src/faults/fault-catalog.ts";
import { ActiveFaults } from "../../src/faults/fault-journal.ts";
import { healOrphans } from "../../src/faults/heal.ts";
import { auditLab, diffAudits } from "../../src/faults/host-audit.ts";
import { Fault } from "../../src/faults/inject-fault.ts";
import { newRunId } from "../../src/docker/run-id.ts";
import { startLab } from "../../src/lab/start-lab.ts";
import { defaultLabImages } from "../support/lab-images.ts";
import { isEmpty, leftovers } from "../../src/lab/sweep.ts";

/**
 * Two runs on one engine at once (two nightly jobs on a shared CI machine) do not touch
 * each other: starting, breaking, healing and removing one leaves the other as it was.
 */
describe("two runs on one engine at once (real engine)", function () {
  this.timeout(300_000);

  it("start together, and one's faults, heal and removal leave the other untouched", async () => {
    const engine = await connectEngine();
    const [a, b] = await Promise.all([startLab({ runId: newRunId(), hosts: 2 }, await defaultLabImages(engine), engine), startLab({ runId: newRunId(), hosts: 2 }, await defaultLabImages(engine), engine)]);
    try {
      assert.notEqual(a.network, b.network);
      const bBefore = await auditLab(b);
      const bContainers = (await leftovers(engine, b.runId)).containers.sort();

      {
        await using active = new ActiveFaults();
        await new Fault(faultKind("partition"), "host-2").inject(a, active);
        await new Fault(faultKind("registry-block"), "host-1", { mode: "reject" }).inject(a, active);
        assert.deepEqual(diffAudits(bBefore, await auditLab(b)), [], "a's faults changed b");
        // The next run's start-up heal must leave a live run's faults and lab alone.
        await healOrphans(engine);
        assert.equal(active.size, 2, "heal reverted a live run's faults");
      }
      await a.stop();
      assert.ok(isEmpty(await leftovers(engine, a.runId)));
      assert.deepEqual((await leftovers(engine, b.runId)).containers.sort(), bContainers, "removing a removed some of b");
      assert.deepEqual(diffAudits(bBefore, await auditLab(b)), []);
      for (const host of b.hosts) assert.ok((await host.engine(5000).ping()).toString().includes("OK"), `${host.name} of b still answers`);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
