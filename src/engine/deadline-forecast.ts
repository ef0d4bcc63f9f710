/**
 * Whether the run can finish before its deadline, judged from the pace so far: a target that takes
 * seconds per answer is told so within its first requests, with the budgets that would fit, instead
 * of running to the deadline and ending exit 2 with a progress line that promised more.
 */

/** A run that will not finish in time: its pace, and the settings that would let it. */
export interface DeadlineForecast {
  requestsDone: number;
  requestsLeft: number;
  elapsedMs: number;
  deadlineMs: number;
  /** When the run would end at this pace, from its start. */
  projectedMs: number;
  /** A deadline that fits the whole plan at this pace, with a margin. */
  runTimeoutNeededS: number;
  /** The random phase's budget that fits the deadline beside the rest of the plan; 0 when even the rest does not fit. */
  generatedRequestsThatFit: number;
}

/** Fewer answers than this say little of a target's pace (the first ones wait for connections and tokens). */
const SAMPLE = 20;
/** The deadline a forecast suggests leaves this much room over the projection: a pace drifts. */
const MARGIN = 1.25;

export interface DeadlineWatchOptions {
  deadlineMs: number;
  /** Requests the plan may send in all, and of them the random phase's. */
  plannedRequests: number;
  plannedGeneratedRequests: number;
  now: () => number;
  /** Told once, when the pace says the plan will not fit. */
  onForecast: (forecast: DeadlineForecast) => void;
}

/** Counts the requests as they are answered and forecasts, once enough are, whether the run fits its deadline. */
export class DeadlineWatch {
  private done = 0;
  private told = false;
  private readonly startedAt: number;

  constructor(private readonly options: DeadlineWatchOptions) {
    this.startedAt = options.now();
  }

  /** One request answered (or given up on); `left` requests the plan still stands for. */
  countRequest(requests = 1): void {
    this.done += requests;
    if (this.told || this.done < SAMPLE) return;
    const forecast = forecastDeadline({
      done: this.done,
      elapsedMs: this.options.now() - this.startedAt,
      ...this.options,
    });
    if (forecast === undefined) return;
    this.told = true;
    this.options.onForecast(forecast);
  }
}

/** The forecast at this pace, or undefined when the plan fits. */
export function forecastDeadline(pace: {
  done: number;
  elapsedMs: number;
  deadlineMs: number;
  plannedRequests: number;
  plannedGeneratedRequests: number;
}): DeadlineForecast | undefined {
  const { done, elapsedMs, deadlineMs, plannedRequests, plannedGeneratedRequests } = pace;
  if (done <= 0 || elapsedMs <= 0) return undefined;
  const msPerRequest = elapsedMs / done;
  const requestsLeft = Math.max(0, plannedRequests - done);
  const projectedMs = elapsedMs + requestsLeft * msPerRequest;
  if (projectedMs <= deadlineMs) return undefined;
  const fitting = Math.floor(deadlineMs / msPerRequest);
  const others = plannedRequests - plannedGeneratedRequests;
  return {
    requestsDone: done,
    requestsLeft,
    elapsedMs,
    deadlineMs,
    projectedMs,
    runTimeoutNeededS: Math.ceil((projectedMs * MARGIN) / 1000),
    // Rounded down to tens: a budget is a setting a person types.
    generatedRequestsThatFit: Math.max(0, Math.floor(Math.min(plannedGeneratedRequests, (fitting - others) / MARGIN) / 10) * 10),
  };
}

/** A duration as a person reads it: 45 s, 12 min, 2 h 34 min. */
function roughDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 120 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** The forecast as the console says it: the pace, the shortfall, and the settings that would fit. */
export function describeForecast(forecast: DeadlineForecast): string {
  const pace = (forecast.requestsDone / (forecast.elapsedMs / 1000)).toFixed(2);
  const fit =
    forecast.generatedRequestsThatFit > 0
      ? `, or STREAMKAP_GENERATED_REQUESTS=${forecast.generatedRequestsThatFit} (the random phase that fits this deadline)`
      : ' (even with STREAMKAP_GENERATED_REQUESTS=0 the rest of the plan would not fit this deadline)';
  return (
    `Deadline: at the pace so far (${pace} requests/s over ${forecast.requestsDone} requests), the ${forecast.requestsLeft} requests left need about ` +
    `${roughDuration(forecast.projectedMs - forecast.elapsedMs)}, past the run's deadline of ${roughDuration(forecast.deadlineMs)} (STREAMKAP_RUN_TIMEOUT_S=${Math.round(forecast.deadlineMs / 1000)}), ` +
    `which will stop it with exit 2. The case tables and the coverage phase are sent first and the random phase last, so the deadline goes to the contract's rules first. ` +
    `To finish, set STREAMKAP_RUN_TIMEOUT_S=${forecast.runTimeoutNeededS}${fit}, or raise STREAMKAP_CONCURRENCY if the target allows.`
  );
}
