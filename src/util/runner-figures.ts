import os from "node:os";

/** The machine a benchmark ran on: figures mean little without it. */
export interface MachineFigures {
  cores: number;
  memoryGiB: number;
  node: string;
}

export function machineFigures(): MachineFigures {
  return { cores: os.availableParallelism(), memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version };
}

/**
 * The runner's peak resident memory so far, in MB: the kernel's own high-water mark
 * (getrusage), so no short peak between two samples is missed.
 */
export function runnerPeakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS * 1024) / 1e6);
}
