import type { Environment } from '../settings';
import { EMBEDDED_RUN_TARGET_MS, measureEmbeddedRun } from './embedded-run';
import { CPU_MS_PER_REQUEST_TARGET, describeGenerationCost, measureGenerationCost } from './generation-cost';
import { HANGING_CLASS_TARGET_MS, measureHangingClass } from './hanging-class';
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
  let failed = false;
  // Best of three: the first run also fills tsx's compile cache, as a newcomer's second run would find it.
  const embedded = [measureEmbeddedRun(), measureEmbeddedRun(), measureEmbeddedRun()].sort((a, b) => a.wallMs - b.wallMs)[0]!;
  console.log(
    `embedded run (npm run conformance, no settings): ${ms(embedded.wallMs)} wall, best of 3 (target ${ms(EMBEDDED_RUN_TARGET_MS)}), exit ${embedded.exitCode}\n  ${embedded.closingLine}`,
  );
  failed ||= embedded.exitCode !== 0 || embedded.wallMs > EMBEDDED_RUN_TARGET_MS;

  const cost = await measureGenerationCost();
  console.log(describeGenerationCost(cost));
  failed ||= cost.cpuMsPerRequest >= CPU_MS_PER_REQUEST_TARGET;

  const hanging = await measureHangingClass();
  console.log(
    `a server that never answers time_unit=week (default timeout, retries, concurrency and budget; rate limit lifted): ` +
      `verdict in ${ms(hanging.wallMs)} (target ${ms(HANGING_CLASS_TARGET_MS)}), exit ${hanging.exitCode}, ` +
      `${hanging.hung} of ${hanging.requests} metrics requests hung\n  ${hanging.closingLine}`,
  );
  failed ||= hanging.exitCode !== 1 || hanging.wallMs > HANGING_CLASS_TARGET_MS;

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
  return worst < LATENCY_BOUND_FACTOR && !failed ? 0 : 1;
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
