/**
 * One lab with the default stack (WordPress), shared by every integration test that only
 * looks at it (or changes it and restores it): starting a lab takes ~30 s, so suites do
 * not start their own. Removed once, after the last test.
 */
import { bringUp, type LabWithStack } from "../../src/drill/bring-up.ts";
import { loadStack } from "../../src/stack/load-stack.ts";

let shared: Promise<LabWithStack> | undefined;

export const SHARED_LAB_BUDGET_MS = 600_000;

export function sharedLab(): Promise<LabWithStack> {
  shared ??= loadStack().then((stack) => bringUp({}, stack));
  return shared;
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    if (!shared) return;
    const started = await shared.catch(() => undefined);
    await started?.lab.stop();
  },
};
