/**
 * One-way packet loss read back from a burst of pings. A round trip survives with
 * probability (1 - p)² when each way drops a share p, so p = 1 - √(1 - round-trip loss).
 * Undefined when the output has no summary ("400 packets transmitted, 196 received"),
 * or a summary of no packet: nothing was measured.
 */
export function oneWayLoss(pingOutput: string): number | undefined {
  const match = /(\d+) packets transmitted, (\d+) received/.exec(pingOutput);
  if (!match || Number(match[1]) === 0) return undefined;
  const roundTrip = 1 - Number(match[2]) / Number(match[1]);
  return 1 - Math.sqrt(1 - roundTrip);
}

/**
 * How far a measured one-way share may be from the share asked for, over `pings` round
 * trips: four standard deviations of a share measured that many times, and never less
 * than 5 points.
 */
export function lossTolerance(share: number, pings: number): number {
  return Math.max(0.05, 4 * Math.sqrt((share * (1 - share)) / pings));
}
