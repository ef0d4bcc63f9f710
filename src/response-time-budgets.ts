import { SetupError } from './setup-error';

/**
 * STREAMKAP_DEGRADED_MS and STREAMKAP_MAX_RESPONSE_MS, read and checked against each other and
 * against the deadline: a budget at or above STREAMKAP_TIMEOUT_MS could never be exceeded by an
 * answer, since the timeout cuts the attempt off first.
 */

export interface ResponseTimeBudgetSettings {
  degradedMs?: number;
  maxResponseMs?: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_TIMEOUT_MS = 10_000;

function read(env: Environment, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function milliseconds(env: Environment, name: 'STREAMKAP_DEGRADED_MS' | 'STREAMKAP_MAX_RESPONSE_MS'): number | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new SetupError(
      `${name} is ${JSON.stringify(raw)}, which is not a whole number of milliseconds of at least 1. Set it to such a number, such as 2000, or unset it to turn the budget off.`,
      name,
    );
  }
  return parsed;
}

/** The timeout as the run will use it; a malformed value is loadSettings' to report, so the default stands in here. */
function timeoutMs(env: Environment): number {
  const raw = read(env, 'STREAMKAP_TIMEOUT_MS');
  return raw !== undefined && /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : DEFAULT_TIMEOUT_MS;
}

/** @throws SetupError naming the setting that is wrong and how to fix it. */
export function budgetSettings(env: Environment): ResponseTimeBudgetSettings {
  const degradedMs = milliseconds(env, 'STREAMKAP_DEGRADED_MS');
  const maxResponseMs = milliseconds(env, 'STREAMKAP_MAX_RESPONSE_MS');
  const timeout = timeoutMs(env);
  const timeoutSource =
    read(env, 'STREAMKAP_TIMEOUT_MS') === undefined ? `the default STREAMKAP_TIMEOUT_MS (${timeout})` : `STREAMKAP_TIMEOUT_MS (${timeout})`;
  if (degradedMs !== undefined && maxResponseMs !== undefined && degradedMs >= maxResponseMs) {
    throw new SetupError(
      `STREAMKAP_DEGRADED_MS (${degradedMs}) is not below STREAMKAP_MAX_RESPONSE_MS (${maxResponseMs}), so no answer could be degraded without failing. Set STREAMKAP_DEGRADED_MS below STREAMKAP_MAX_RESPONSE_MS, or unset one of them.`,
      'STREAMKAP_DEGRADED_MS',
    );
  }
  for (const [name, value] of [
    ['STREAMKAP_MAX_RESPONSE_MS', maxResponseMs],
    ['STREAMKAP_DEGRADED_MS', degradedMs],
  ] as const) {
    if (value !== undefined && value >= timeout) {
      throw new SetupError(
        `${name} (${value}) is not below ${timeoutSource}: the timeout cuts every attempt off first, so the budget could never be exceeded. Set ${name} below the timeout, or raise STREAMKAP_TIMEOUT_MS above it.`,
        name,
      );
    }
  }
  return { ...(degradedMs === undefined ? {} : { degradedMs }), ...(maxResponseMs === undefined ? {} : { maxResponseMs }) };
}
