/** One probe request, as it happened. Judged later, never on the spot. */
export interface ProbeSample {
  /** When the request was sent (ms since the epoch). */
  start: number;
  /** How long until the answer or the failure (ms). */
  latencyMs: number;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** Why no answer came (timeout, refused, reset). */
  error?: string;
  /** The app version that answered (X-Firedrill-Version), when one did. */
  version?: string;
  ok: boolean;
  /** How much later than scheduled the request was sent: a stalled runner shows here, not as a gap in the figures. */
  lateMs?: number;
}
