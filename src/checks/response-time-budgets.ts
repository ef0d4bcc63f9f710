/**
 * Response-time budgets, judged per request attempt that answered (a timeout is
 * `response_received`'s to report). Above STREAMKAP_MAX_RESPONSE_MS is a failure; above
 * STREAMKAP_DEGRADED_MS only a warning, as synthetic monitors call such an answer "degraded".
 * A duration equal to a budget is within it. Apart from the checks, which see them through
 * the observation.
 */
export interface ResponseTimeBudgets {
  /** STREAMKAP_DEGRADED_MS; undefined: off. */
  degradedMs?: number;
  /** STREAMKAP_MAX_RESPONSE_MS; undefined: off. */
  maxResponseMs?: number;
}
