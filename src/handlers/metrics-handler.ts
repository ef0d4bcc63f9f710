import type { Emit, RunEvent, RunHandler } from '../engine/events';
import { recordOfFinishedRun } from '../history/run-history';
import { PUSH_JOB, pushGrouping, pushMetrics, pushUrl, shownPushUrl } from '../metrics/pushgateway';
import { renderRunMetrics } from '../metrics/run-metrics';
import type { Redactor } from '../redaction';
import type { MetricsPush } from '../reports/summary';

export interface MetricsPushSettings {
  /** STREAMKAP_PUSHGATEWAY_URL; undefined pushes nothing. */
  pushgatewayUrl?: string;
  timeoutMs: number;
  retries: number;
}

/**
 * The run's Prometheus metrics, rendered once for metrics.prom and pushed to the Pushgateway when
 * one is set. A failed push is a warning for the console and the reports, never a changed verdict.
 */
export class MetricsHandler implements RunHandler {
  constructor(
    private readonly push: MetricsPushSettings,
    private readonly warn: (line: string) => void,
    private readonly redactor: Redactor,
    /** The configured target, for a run that ended before it settled one. */
    private readonly configuredBaseUrl?: string,
  ) {}

  async handle(event: RunEvent, emit: Emit): Promise<void> {
    if (event.type !== 'run-finished') return;
    const { run } = event;
    // Every run, whatever stopped it: a night that could not check must reach the alert too.
    const record = recordOfFinishedRun(run, this.configuredBaseUrl);
    const { baseUrl } = record;
    const drift = run.info?.drift;
    const text = await renderRunMetrics(record, drift?.status === 'drift' || drift?.status === 'no-drift' ? drift : undefined);
    const pushed = await this.pushed(baseUrl, text);
    if (pushed?.warning) this.warn(`streamkap-conformance: warning: ${pushed.warning}`);
    await emit({ type: 'metrics-rendered', at: event.at, text, ...(pushed && { push: pushed }) });
  }

  private async pushed(baseUrl: string, text: string): Promise<MetricsPush | undefined> {
    const { pushgatewayUrl, timeoutMs, retries } = this.push;
    if (pushgatewayUrl === undefined) return undefined;
    const grouping = pushGrouping(baseUrl);
    const redact = (body: string) => this.redactor.redact(body);
    const result = await pushMetrics(pushgatewayUrl, text, { job: PUSH_JOB, grouping, timeoutMs, retries, redact });
    const url = shownPushUrl(pushUrl(pushgatewayUrl, PUSH_JOB, grouping));
    return result.pushed ? { url, pushed: true } : { url, pushed: false, warning: result.warning };
  }
}
