import type { Outcome, Tier } from '../../src/model';
import { type CaseRecord, type RunRecord, runOutcomeOf } from '../../src/history/run-record';

/** A run whose cases have the given outcomes (`case id → outcome`), each answered in `ms` unless given per case. */
export function runOf(
  startedAt: string,
  outcomes: Record<string, Outcome>,
  ms: number | Record<string, number> = 100,
  tier: Tier = 'accept',
): RunRecord {
  const cases: CaseRecord[] = Object.entries(outcomes).map(([key, outcome]) => {
    const [id = key, pipelineId] = key.split('@');
    return {
      id,
      tier,
      ...(pipelineId === undefined ? {} : { pipelineId }),
      outcome,
      durationMs: typeof ms === 'number' ? ms : (ms[key] ?? 100),
    };
  });
  const outcome = runOutcomeOf(cases);
  return {
    startedAt,
    durationMs: 4200,
    baseUrl: 'http://127.0.0.1:1/api',
    exitCode: outcome === 'passed' ? 0 : outcome === 'failed' ? 1 : 2,
    outcome,
    cases,
  };
}

/** Night n of June 2025 at 03:17 UTC. */
export const night = (n: number): string => `2025-06-${String(n).padStart(2, '0')}T03:17:00.000Z`;
