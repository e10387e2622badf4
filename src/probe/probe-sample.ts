/** One probe request, as it happened. Judged later, never on the spot. */
export interface ProbeSample {
  /** When the request was sent (ms since the epoch). */
  start: number;
  /** How long until the answer or the failure (ms). */
  latencyMs: number;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** Why the sample failed: no answer (timeout, ECONNREFUSED, reset), or not the expected one ("status 302", "body: id 7, expected 12"). */
  error?: string;
  /** The app version that answered (X-Firedrill-Version), when one did. */
  version?: string;
  /** The answer was the expected one (status and body); never true for a redirect. */
  ok: boolean;
  /** How much later than scheduled the request was sent: a stalled runner shows here, not as a gap in the figures. */
  lateMs?: number;
}
