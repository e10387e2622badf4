import os from "node:os";
import { log } from "./log.ts";

let raised = false;

/**
 * The runner is the measuring instrument and shares the machine with the lab it measures:
 * on a 2-core machine a busy lab left the runner unscheduled for 150-260 ms at a time
 * (seen during blue-green cutovers), which starves the probe and voids the figures. A
 * higher scheduling priority keeps the instrument ahead of what it measures. Needs root
 * (CAP_SYS_NICE); without it the stall detection still says where figures are unknown.
 */
export function raiseInstrumentPriority(): void {
  if (raised) return;
  raised = true;
  try {
    os.setPriority(process.pid, -10);
  } catch (error) {
    log("probe", `could not raise the runner's priority (${(error as Error).message}); a busy machine may starve the probe`);
  }
}
