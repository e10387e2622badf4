/** The outcome of one check: a verdict with the figure it was made on, beside its budget. */
export interface CheckResult {
  /** "time to recover", "downtime", ... */
  name: string;
  /** unknown: the check could not be made (it threw, or the history lacks what it needs). */
  status: "passed" | "failed" | "unknown";
  /** The measured figure, in `unit`; undefined when there is none (never recovered, unknown). */
  measured?: number;
  /** The budget it was held to, in `unit`; undefined for checks without one (figures reported only). */
  budget?: number;
  unit: "ms" | "ratio" | "count";
  /** One sentence for a person: "recovered 4.2s after T0 (budget 30s)". */
  detail: string;
  /**
   * Where the harness could not see part of the window (a starved probe, a load sent
   * late, a stale cluster view), the figure is a range: `best` if everything unseen went
   * well, `worst` if it all went wrong (null: unbounded, e.g. it may never have
   * recovered). Failed when even the best case misses the budget, passed only when the
   * worst case meets it, unknown in between. Equal when everything was seen. Present only
   * on checks that bound their figure, so their failure stands even over a starved probe.
   */
  bounds?: { best: number; worst: number | null };
  /**
   * Set on an unknown that leaves no figure of the window trustworthy (the probe was
   * starved): the scenario is broken then, even where another check says failed.
   */
  voidsWindow?: boolean;
  /**
   * Set on a check read from the platform itself, not from the probe (never converged, an
   * update outcome): a starved probe does not make its failure untrustworthy. A harness
   * that broke mid-window still does (it may be what kept the platform from converging).
   */
  fromPlatform?: boolean;
  /**
   * Set on a check whose failure holds whatever else went wrong (data lost, the platform
   * not doing what a scenario waited on): not a figure over the window, so neither a
   * starved probe nor a broken harness makes it untrustworthy.
   */
  standsAlone?: boolean;
}

/** A scenario's verdict (the same four statuses as Allure). */
export type Verdict = "passed" | "failed" | "broken" | "skipped";
