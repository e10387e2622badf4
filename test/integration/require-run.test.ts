import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { exitCodeFor } from "../../src/errors/exit-codes.ts";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import { LABEL, ownerLabels } from "../../src/docker/labels.ts";
import { requireRun } from "../../src/lab/require-run.ts";
import { newRunId } from "../../src/docker/run-id.ts";
import { firedrill } from "../support/firedrill-process.ts";

/** A run id that nothing on the engine carries is refused up front: RUN_NOT_FOUND, exit 66. */
describe("requireRun (real engine)", function () {
  this.timeout(120_000);

  const isRunNotFound = (runId: string) => (e: unknown) =>
    e instanceof FiredrillError &&
    e.kind === "input" &&
    e.code === "RUN_NOT_FOUND" &&
    exitCodeFor(e) === 66 &&
    e.message.includes(runId) &&
    /`firedrill runs` lists the runs/.test(e.hint) &&
    /`firedrill up --detach` starts one/.test(e.hint);

  it("refuses a made-up run id with RUN_NOT_FOUND (66) and says where the runs are", async () => {
    const engine = await connectEngine();
    await assert.rejects(requireRun(engine, "nosuchrun1"), isRunNotFound("nosuchrun1"));
    const fresh = newRunId();
    await assert.rejects(requireRun(engine, fresh), isRunNotFound(fresh));
  });

  it("accepts a run that has a container on the engine, even one never started", async function () {
    const engine = await connectEngine();
    const image = (await engine.listImages({ filters: { reference: ["firedrill/base"] } }))[0]?.RepoTags?.[0];
    if (!image) this.skip();
    const runId = newRunId();
    // Owned by this live process, so no other run's start sweeps it as an orphan meanwhile.
    const marker = await engine.createContainer({
      name: `fd-${runId}-require-run-test`,
      Image: image,
      Cmd: ["true"],
      Labels: { [LABEL.run]: runId, ...ownerLabels(false) },
      HostConfig: { NetworkMode: "none" },
    });
    try {
      await requireRun(engine, runId);
    } finally {
      await marker.remove({ force: true });
    }
    await assert.rejects(requireRun(engine, runId), isRunNotFound(runId), "and refuses it once it is gone");
  });

  // NEEDS THE LEAD'S WIRING: this passes only once `firedrill drill` calls requireRun before
  // any scenario starts (src/cli/commands/drill.ts). Until then the drill tries every
  // scenario and exits 2.
  it("[needs requireRun in drill.ts] `firedrill drill --run nosuchrun1 --scenario host-halt` exits 66 before any scenario starts", async () => {
    const reports = await mkdtemp(path.join(os.tmpdir(), "firedrill-require-run-"));
    try {
      const drill = await firedrill(["drill", "--run", "nosuchrun1", "--scenario", "host-halt"], { FIREDRILL_REPORTS: reports });
      assert.equal(drill.code, 66, drill.stderr); // <- the assertion that waits on the lead's wiring
      assert.match(drill.stderr, /No lab of run "nosuchrun1" on this engine/);
      assert.match(drill.stderr, /code: RUN_NOT_FOUND/);
      assert.match(drill.stderr, /`firedrill runs` lists the runs there are; `firedrill up --detach` starts one/);
      assert.doesNotMatch(drill.stderr + drill.stdout, /steady state|host-halt.*(broken|failed|passed)/i, "no scenario started");
    } finally {
      await rm(reports, { recursive: true, force: true });
    }
  });
});
