import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import type { Sabotage } from "./sabotage.ts";

const STALL_MS = 3000;

/**
 * The runner's own event loop blocked for 3 s during a host halt, as on a busy CI
 * machine: the probe cannot send on schedule and its requests in flight time out.
 * That stretch says nothing about the platform: broken, never failed, never passed.
 */
export const starvedProbe: Sabotage = {
  name: "starved-probe",
  title: `the runner's event loop blocked for ${STALL_MS / 1000}s`,
  scenario: hostHaltWithHealthChecks,
  expected: "broken",
  caughtBy: { reason: /starved/ },
  afterT0Ms: 3000,
  async during() {
    const end = performance.now() + STALL_MS;
    // A busy loop on purpose: nothing else in the process may run meanwhile.
    while (performance.now() < end);
  },
};
