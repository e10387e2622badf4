import assert from "node:assert/strict";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import type { ActiveFaults } from "../../../src/faults/fault-journal.ts";
import type { Recorder } from "../../../src/history/recorder.ts";
import type { StartedLab } from "../../../src/lab/started-lab.ts";
import type { ClusterSnapshot } from "../../../src/platform/cluster-snapshot.ts";
import type { SwarmPlatform } from "../../../src/platform/swarm-platform.ts";
import { ScenarioContext } from "../../../src/scenarios/scenario-context.ts";
import type { DeployedStack } from "../../../src/stack/deployed-stack.ts";
import { setQuiet } from "../../../src/util/log.ts";
import { node, service } from "../checks/fixtures.ts";

/** host-2 ready, wp_wordpress updating: "not yet" for both waits below. */
const notYet: ClusterSnapshot = { at: 0, nodes: [node("host-1"), node("host-2")], services: [{ ...service("wp_wordpress", "replicated", 2), updateState: "updating" }], tasks: [] };

/**
 * A context whose platform answers each snapshot call from `calls` in turn (the last one
 * repeating): a snapshot is an answer, an Error a call that failed (the manager timed out).
 */
function waitingOn(calls: Array<ClusterSnapshot | Error>): ScenarioContext {
  let i = 0;
  const platform = {
    snapshot: async () => {
      const call = calls[Math.min(i++, calls.length - 1)]!;
      if (call instanceof Error) throw call;
      return call;
    },
  } as unknown as SwarmPlatform;
  return new ScenarioContext({} as StartedLab, {} as DeployedStack, platform, {} as Recorder, {} as ActiveFaults);
}

/** What a wait threw: its kind and code. */
async function thrown(wait: Promise<unknown>): Promise<{ kind: string; code: string }> {
  try {
    await wait;
  } catch (error) {
    assert.ok(error instanceof FiredrillError, `not a FiredrillError: ${String(error)}`);
    return { kind: error.kind, code: error.code };
  }
  assert.fail("the wait did not fail");
}

const managerTimedOut = () => new Error("connect ETIMEDOUT 172.20.0.3:2375");

// Real time: the waits poll every 500 ms, and p-retry makes its last attempt as the budget ends.
describe("a scenario's wait on the platform", function () {
  this.timeout(5000);
  before(() => setQuiet(true));
  after(() => setQuiet(false));

  it("is the platform's finding when the platform answered \"not yet\" until the budget ended", async () => {
    assert.deepEqual(await thrown(waitingOn([notYet]).waitForNodeDown("host-2", 300)), { kind: "platform", code: "PLATFORM_TIMEOUT" });
  });

  it("is the harness's timeout when the manager answered once and then only failed: nothing is known of the platform at the end", async () => {
    // Today's code made this a platform finding, which stays failed when the harness also broke.
    assert.deepEqual(await thrown(waitingOn([notYet, managerTimedOut()]).waitForNodeDown("host-2", 300)), { kind: "harness", code: "WAIT_TIMEOUT" });
    assert.deepEqual(await thrown(waitingOn([notYet, managerTimedOut()]).waitForUpdate("wp_wordpress", ["completed"], 300)), { kind: "harness", code: "WAIT_TIMEOUT" });
  });

  it("is the platform's finding when calls failed in between but the platform said \"not yet\" as the budget ended", async () => {
    // Attempts at 0 (answered), 500 (failed) and 700 ms (answered, the budget's end).
    assert.deepEqual(await thrown(waitingOn([notYet, managerTimedOut(), notYet]).waitForUpdate("wp_wordpress", ["completed"], 700)), { kind: "platform", code: "PLATFORM_TIMEOUT" });
  });

  it("is the harness's timeout when the manager never answered", async () => {
    assert.deepEqual(await thrown(waitingOn([managerTimedOut()]).waitUntil("anything", 300, () => true)), { kind: "harness", code: "WAIT_TIMEOUT" });
  });
});
