import type { Environment } from '../settings';
import { LATENCY_BOUND_FACTOR, type LatencyOverhead, measureLatencyOverhead } from './latency-overhead';

const ms = (value: number) => `${Math.round(value)} ms`;

function report(label: string, result: LatencyOverhead): string {
  const verdict = result.ratio < LATENCY_BOUND_FACTOR ? 'within' : 'OVER';
  return [
    `${label} (concurrency ${result.concurrency}, ${result.maxRps} requests/s, ${result.requests} requests):`,
    `  run at 0 ms latency ${ms(result.zeroLatencyMs)}, at ${result.latencyMs} ms latency ${ms(result.withLatencyMs)}: latency added ${ms(result.addedMs)}`,
    `  requests x ${result.latencyMs} ms / concurrency = ${ms(result.idealAddedMs)}`,
    `  ratio ${result.ratio.toFixed(2)} (${verdict} the bound ${LATENCY_BOUND_FACTOR})`,
  ].join('\n');
}

/**
 * npm run bench: what 100 ms of server latency adds to a run, against the bound of the issue
 * "Safe to point at production". With the default settings the rate limit paces the run, so the
 * bench also measures with the rate limit lifted, where only concurrency hides the latency.
 */
async function bench(): Promise<number> {
  const runs: Array<[string, Environment]> = [
    ['default settings', {}],
    ['rate limit lifted', { STREAMKAP_MAX_RPS: '1000' }],
  ];
  let worst = 0;
  for (const [label, env] of runs) {
    const result = await measureLatencyOverhead({ latencyMs: 100, env });
    console.log(report(label, result));
    worst = Math.max(worst, result.ratio);
  }
  return worst < LATENCY_BOUND_FACTOR ? 0 : 1;
}

bench().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 3;
  },
);
