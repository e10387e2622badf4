import assert from "node:assert/strict";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { isEmpty, leftovers } from "../../src/lab/sweep.ts";
import { firedrill, start } from "../support/firedrill-process.ts";

describe("the firedrill CLI", function () {
  this.timeout(30_000);

  it("prints --help for every command, exiting 0", async () => {
    for (const command of [[], ["up"], ["clean"], ["doctor"], ["images"], ["drill"], ["runs"], ["fault"], ["bench", "lab"]]) {
      const run = await firedrill([...command, "--help"]);
      assert.equal(run.code, 0, `${command.join(" ")} --help`);
      assert.match(run.stdout, /Usage: firedrill/);
    }
  });

  it("refuses a bad flag value with exit 64, naming the flag and the value", async () => {
    const run = await firedrill(["up", "--hosts", "many"]);
    assert.equal(run.code, 64);
    assert.match(run.stderr, /--hosts <n>.*"many" is not a whole number/);
  });

  it("refuses an unknown command with exit 64", async () => {
    const run = await firedrill(["explode"]);
    assert.equal(run.code, 64);
    assert.match(run.stderr, /unknown command 'explode'/);
  });

  it("says there is no engine, and how to get one, with exit 69", async () => {
    for (const command of [["up"], ["doctor"], ["clean"]]) {
      const run = await firedrill(command, { DOCKER_HOST: "tcp://127.0.0.1:9" });
      assert.equal(run.code, 69, `${command[0]}: ${run.stderr}${run.stdout}`);
      assert.match(run.stderr + run.stdout, /No Docker engine answers at tcp:\/\/127\.0\.0\.1:9/);
      assert.match(run.stderr + run.stdout, /ci\/docker-engine\.sh/);
    }
  });

  it("up removes everything it started when interrupted with Ctrl-C in the middle of start-up", async function () {
    this.timeout(300_000);
    const runId = `sigint${Date.now().toString(36)}`;
    const up = start(["up", "--run", runId]);
    await up.waitForOutput(/\[stack\] images distributed\.\.\./);
    up.child.kill("SIGINT");
    const run = await up.exited;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /SIGINT received: cleaning up/);
    assert.match(run.stderr, new RegExp(`remove run ${runId}: done`));
    assert.ok(isEmpty(await leftovers(await connectEngine(), runId)), "nothing of the interrupted run remains");
  });

  it("up --detach --json --stack notes (the second shipped stack) leaves a lab whose edge serves its seed item; clean --run removes all of it", async function () {
    this.timeout(900_000);
    const up = await firedrill(["up", "--detach", "--json", "--stack", "notes"]);
    assert.equal(up.code, 0, up.stderr);
    const lab = JSON.parse(up.stdout) as { runId: string; edge: string; stack: string; seedItemId: string; seedItemUrl: string; hosts: Array<{ name: string }> };
    const engine = await connectEngine();
    try {
      assert.match(lab.edge, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(lab.stack, "notes");
      assert.deepEqual(lab.hosts.map((h) => h.name), ["host-1", "host-2", "host-3"]);
      const seed = await fetch(lab.seedItemUrl, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      assert.equal(seed.status, 200, lab.seedItemUrl);
      assert.equal(seed.headers.get("x-firedrill-version"), "v1");
      const body = (await seed.json()) as { id: number; title: string };
      assert.equal(String(body.id), lab.seedItemId);
      assert.equal(body.title, "firedrill seed note");
      assert.ok(!isEmpty(await leftovers(engine, lab.runId)), "the lab outlives the command");

      const clean = await firedrill(["clean", "--run", lab.runId]);
      assert.equal(clean.code, 0, clean.stderr);
      assert.match(clean.stdout, /removed 5 containers/);
      assert.ok(isEmpty(await leftovers(engine, lab.runId)));
    } finally {
      await firedrill(["clean", "--run", lab.runId]);
    }
  });
});
