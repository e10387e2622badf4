import assert from "node:assert/strict";
import { Periodic } from "../../../src/util/periodic.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, or fails after `ms`. */
async function until(done: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) assert.fail(`not within ${ms}ms`);
    await sleep(5);
  }
}

describe("periodic sampling", () => {
  it("runs one call at a time: a slow call delays the next instead of piling up, even when started twice", async () => {
    let calls = 0;
    let inFlight = 0;
    let most = 0;
    const periodic = new Periodic(1, async () => {
      calls++;
      most = Math.max(most, ++inFlight);
      await sleep(20);
      inFlight--;
    });
    periodic.start().start();
    await until(() => calls >= 3);
    await periodic.stop();
    assert.equal(most, 1);
  });

  it("keeps sampling after a call throws, and hands each failure over with when it was asked", async () => {
    let calls = 0;
    const failures: Array<{ message: string; askedAt: number; failedAt: number }> = [];
    const periodic = new Periodic(
      5,
      async () => {
        calls++;
        await sleep(10);
        throw new Error("the engine did not answer");
      },
      (error, askedAt) => failures.push({ message: (error as Error).message, askedAt, failedAt: Date.now() }),
    ).start();
    await until(() => calls >= 3);
    await periodic.stop();
    assert.ok(failures.length >= 3, `${failures.length} failures handed over`);
    assert.equal(failures[0]!.message, "the engine did not answer");
    // Stamped when the call was made, not when it gave up.
    assert.ok(failures[0]!.failedAt - failures[0]!.askedAt >= 9, JSON.stringify(failures[0]));
  });

  it("stops at once rather than waiting out the period", async () => {
    let calls = 0;
    const periodic = new Periodic(60_000, async () => {
      calls++;
    }).start();
    await until(() => calls === 1);
    await sleep(10);
    const t0 = Date.now();
    await periodic.stop();
    assert.ok(Date.now() - t0 < 1000, `stop took ${Date.now() - t0}ms`);
    await sleep(50);
    assert.equal(calls, 1, "sampled again after stop");
  });

  it("lets the call in flight finish before stop returns", async () => {
    let finished = 0;
    let calls = 0;
    const periodic = new Periodic(50, async () => {
      calls++;
      await sleep(30);
      finished++;
    }).start();
    await until(() => calls === 1);
    await periodic.stop();
    assert.equal(finished, calls, "stop returned with a call still in flight");
  });
});
