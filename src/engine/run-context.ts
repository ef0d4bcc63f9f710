import { type Auth, createAuth, type IssuedToken } from '../auth';
import { type CheckSet, DEFAULT_CHECKS } from '../checks';
import type { Clock } from '../clock';
import { ConcurrencyLimit } from '../concurrency-limit';
import { type Contract, loadContract } from '../contract';
import { createHttpClient, type HttpClient } from '../http/http-client';
import { RateGate } from '../http/rate-gate';
import type { JudgeConfig } from '../judge';
import { Redactor } from '../redaction';
import type { Target } from '../request-builder';
import type { Settings } from '../settings';

/** Everything a run shares: one client, one rate gate, one token, one redactor. */
export interface RunContext {
  target: Target;
  contract: Contract;
  client: HttpClient;
  auth: Auth;
  redactor: Redactor;
  limit: ConcurrencyLimit;
  /** How answers are judged: the checks and the response-time budgets. */
  judging: JudgeConfig;
  close(): void;
}

export interface RunContextOptions {
  /** A token the caller already obtained (the CLI's preflight), so the exchange happens once a run. */
  issuedToken?: IssuedToken;
  /** Test seams: shorter waits than production wants. */
  retryBaseMs?: number;
  maxRetryAfterMs?: number;
  contract?: Contract;
  /** One redactor for the whole run, when the caller already has one (the CLI's knows the settings' secrets). */
  redactor?: Redactor;
  /** Another set of checks: a self-test's way to break one on purpose. */
  checks?: CheckSet;
  /** Test seam: a clock the test moves, for the rate gate, deadlines, Retry-After pauses and token renewal. */
  clock?: Clock;
  /** The run checks the embedded reference server, not a configured target. */
  embedded?: boolean;
}

/** The base URL and pipeline of a settled run; the CLI fills them in for the embedded server. */
export type RunSettings = Settings & { baseUrl: string; pipelineId: string };

export function createRunContext(settings: RunSettings, options: RunContextOptions = {}): RunContext {
  const redactor = options.redactor ?? new Redactor();
  const client = createHttpClient({
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    gate: new RateGate(settings.maxRps, options.clock),
    clock: options.clock,
    retryBaseMs: options.retryBaseMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    maxSockets: settings.concurrency * 2,
  });
  const auth = createAuth(
    {
      token: settings.token,
      clientId: settings.clientId,
      secret: settings.secret,
      tokenUrl: settings.tokenUrl ?? `${settings.baseUrl}/auth/access-token`,
      limitedToken: settings.limitedToken,
      limitedClientId: settings.limitedClientId,
      limitedSecret: settings.limitedSecret,
    },
    client,
    redactor,
    { issued: options.issuedToken, clock: options.clock },
  );
  return {
    target: {
      baseUrl: settings.baseUrl,
      pipelineId: settings.pipelineId,
      missingPipelineId: settings.missingPipelineId,
      ...(options.embedded && { embedded: true }),
    },
    contract: options.contract ?? loadContract(),
    client,
    auth,
    redactor,
    limit: new ConcurrencyLimit(settings.concurrency),
    judging: { checks: options.checks ?? DEFAULT_CHECKS, budgets: settings.budgets },
    close: () => client.close(),
  };
}
