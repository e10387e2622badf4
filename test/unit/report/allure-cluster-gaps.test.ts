import assert from "node:assert/strict";
import { setGlobalTestRuntime, type TestRuntime } from "allure-js-commons/sdk/runtime";
import { reportScenario } from "../../../src/report/allure-scenario.ts";
import { history, result, T } from "./fixtures.ts";

/** An Allure runtime that keeps the attachments it is given, by name. */
function recordingRuntime(attachments: Map<string, string>): TestRuntime {
  const nothing = async () => undefined;
  return new Proxy({} as TestRuntime, {
    get: (_, key) => (key === "attachment" ? async (name: string, content: string) => void attachments.set(name, String(content)) : nothing),
  });
}

const context = { profile: "p", stack: "s", hosts: 3, runId: "r" };
const key = "allureTestRuntime";

describe("a scenario's Allure attachments", () => {
  const saved = (globalThis as Record<string, unknown>)[key];
  afterEach(() => {
    (globalThis as Record<string, unknown>)[key] = saved;
  });

  it("attaches the cluster view gaps, a line per gap, when the platform went unseen", async () => {
    const attachments = new Map<string, string>();
    setGlobalTestRuntime(recordingRuntime(attachments));
    const h = history({
      windowEnd: T + 20_000,
      cluster: [{ at: T, nodes: [], services: [], tasks: [] }],
      clusterGaps: [{ from: T + 1000, to: T + 11_000, what: "failed", error: "connect ETIMEDOUT" }],
    });
    await reportScenario(result({ history: h }), context);
    const text = attachments.get("cluster view gaps");
    assert.ok(text, `no cluster view gaps among ${[...attachments.keys()].join(", ")}`);
    assert.match(text, /^ {2}T0\+1s to T0\+11s \(10s\): failed: connect ETIMEDOUT$/m);
    assert.match(text, /^ {2}no cluster view from T0\+0ms to the window's end \(20s; 1 snapshot failed: connect ETIMEDOUT\)$/m);
  });

  it("attaches none when every view came in time", async () => {
    const attachments = new Map<string, string>();
    setGlobalTestRuntime(recordingRuntime(attachments));
    await reportScenario(result({ history: history({ windowEnd: T + 1000, cluster: [{ at: T, nodes: [], services: [], tasks: [] }, { at: T + 1000, nodes: [], services: [], tasks: [] }] }) }), context);
    assert.ok(attachments.has("checks"), "the runtime was used");
    assert.equal(attachments.has("cluster view gaps"), false);
  });
});
