/**
 * How long each wait inside a fault may take, in one place. A revert's wait on the host
 * itself (its engine answering again) is the harness's: missed, the run is broken. A
 * revert's wait on the platform (the node Ready again) is the platform's: missed, failed.
 */
export const FAULT_BUDGETS = {
  /** A halted host's engine answering after it was started again. */
  engineBackMs: 60_000,
  /** A thawed host's (or daemons') engine answering again. */
  thawMs: 30_000,
  /** The manager seeing a restarted host Ready again (the platform's part). */
  rejoinMs: 90_000,
  /** A host pulling from the registry again once its firewall rule is gone. */
  registryBackMs: 30_000,
  /** A one-off Swarm task reaching the state that proves a registry login wrong or right. */
  swarmProbeMs: 60_000,
} as const;
