/**
 * reports/metrics.prom: one run in the Prometheus text exposition format, for a Pushgateway or a
 * node_exporter textfile collector, so that monitoring can alert on it. Every value describes this
 * run alone (the Pushgateway replaces the whole group on each push), so all metrics are gauges
 * except the response-time histogram, whose buckets count this run's answered cases.
 * Target labels (which API was checked) come from the push's grouping key, not from here.
 */
import { Gauge, Histogram, Registry } from 'prom-client';
import { OUTCOMES } from '../model';
import { RUN_OUTCOMES } from '../exit-status';
import { hasResponseTime, outcomeTotals, type RunRecord } from '../history/run-record';

/** Contract drift found by comparing the vendored contract with the live one, when that ran. */
export interface ContractDrift {
  breaking: number;
  nonBreaking: number;
}

const METRIC_PREFIX = 'streamkap_conformance_';

/** From a fast cached answer to the suite's default timeout and beyond, in seconds. */
const RESPONSE_TIME_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The run's metrics as Prometheus text. A fresh registry per call: the process-wide default
 * registry would mix in whatever else registered there and keep values between runs.
 */
export async function renderRunMetrics(run: RunRecord, drift?: ContractDrift): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const name = (suffix: string) => `${METRIC_PREFIX}${suffix}`;

  const runOutcome = new Gauge({
    name: name('run_outcome'),
    help: `How the run went: 1 for its outcome (${RUN_OUTCOMES.join(', ')}), 0 for the others.`,
    labelNames: ['outcome'],
    registers,
  });
  for (const outcome of RUN_OUTCOMES) runOutcome.set({ outcome }, outcome === run.outcome ? 1 : 0);

  new Gauge({
    name: name('run_exit_code'),
    help: 'The exit code of the run: 0 passed, 1 a contract failure, 2 a setting or set-up error, 3 a bug in the suite, 4 inconclusive, 129/130/143 interrupted (SIGHUP/SIGINT/SIGTERM).',
    registers,
  }).set(run.exitCode);

  const cases = new Gauge({
    name: name('cases'),
    help: 'Cases of the run by outcome (passed, failed, errored, skipped).',
    labelNames: ['outcome'],
    registers,
  });
  const totals = outcomeTotals(run);
  for (const outcome of OUTCOMES) cases.set({ outcome }, totals[outcome]);

  const caseOutcome = new Gauge({
    name: name('case_outcome'),
    help: 'Each case of the run, one series a case labelled with its outcome (value 1). With several pipelines, the pipeline label names the one each case ran with (what runs once, the first); it is empty with one pipeline and for the verdict on the live contract.',
    labelNames: ['case', 'tier', 'pipeline', 'outcome'],
    registers,
  });
  // One series a case: a push of a thousand cases stays a thousand series, not four thousand.
  for (const c of run.cases) caseOutcome.set({ case: c.id, tier: c.tier, pipeline: c.pipelineId ?? '', outcome: c.outcome }, 1);

  const responseTime = new Histogram({
    name: name('response_time_seconds'),
    help: "Response time of the run's answered cases (passed or failed; retries included), in seconds.",
    buckets: RESPONSE_TIME_BUCKETS,
    registers,
  });
  for (const c of run.cases.filter(hasResponseTime)) responseTime.observe(c.durationMs / 1000);

  new Gauge({ name: name('run_duration_seconds'), help: 'How long the run took, in seconds.', registers }).set(run.durationMs / 1000);
  new Gauge({ name: name('run_start_time_seconds'), help: 'When the run started, in seconds since the Unix epoch.', registers }).set(
    Date.parse(run.startedAt) / 1000,
  );

  if (drift !== undefined) {
    const driftGauge = new Gauge({
      name: name('contract_drift_changes'),
      help: 'Differences between the vendored contract and the live one, by kind (breaking or non_breaking).',
      labelNames: ['kind'],
      registers,
    });
    driftGauge.set({ kind: 'breaking' }, drift.breaking);
    driftGauge.set({ kind: 'non_breaking' }, drift.nonBreaking);
  }

  return registry.metrics();
}
