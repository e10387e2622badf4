import assert from "node:assert/strict";
import net from "node:net";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import { newRunId } from "../../src/lab/run-id.ts";
import { startLab } from "../../src/lab/start-lab.ts";
import { isEmpty, leftovers } from "../../src/lab/sweep.ts";

describe("lab lifecycle (real engine)", function () {
  this.timeout(180_000);

  it("leaves nothing labelled with the run after disposal", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    {
      await using lab = await startLab({ runId, hosts: 1 }, engine);
      assert.equal((await leftovers(engine, runId)).containers.length, 3, "host, registry and edge while it runs");
      assert.equal(lab.hosts.length, 1);
    }
    assert.deepEqual(await leftovers(engine, runId), { containers: [], networks: [], volumes: [] });
  });

  it("cleans up after a host that cannot start, and shows the host's last log lines", async () => {
    const engine = await connectEngine();
    const runId = newRunId();
    await assert.rejects(
      startLab({ runId, hosts: 2, engine: { flags: ["--no-such-dockerd-flag"], daemonJson: {} } }, engine),
      (e: unknown) =>
        e instanceof FiredrillError &&
        e.code === "HOST_START_FAILED" &&
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
        startLab({ runId, edgePort: port }, engine),
        (e: unknown) => e instanceof FiredrillError && e.code === "PORT_IN_USE" && e.message.includes(String(port)),
      );
      assert.ok(isEmpty(await leftovers(engine, runId)));
    } finally {
      squatter.close();
    }
  });
});
