/** One thing seen that proves (or disproves) a fault in effect: what a report shows beside the figures. */
export interface Evidence {
  at: number;
  /** What was checked and what was seen, for a person: "host-2 engine: no answer within 1s". */
  what: string;
}
