import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { ResponseTimeBudgets } from './checks/response-time-checks';
import { DEFAULT_HISTORY_RUNS, HISTORY_SETTING_NAMES, type HistorySettings, MAX_HISTORY_RUNS } from './history/history-settings';
import { SetupError } from './setup-error';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A syntactically valid ObjectId that no MongoDB ever issued: its timestamp part is the epoch. */
export const DEFAULT_MISSING_PIPELINE_ID = '000000000000000000000000';

export interface Settings {
  /** Unset: the run starts the embedded reference server. */
  baseUrl?: string;
  token?: string;
  clientId?: string;
  secret?: string;
  tokenUrl?: string;
  pipelineId?: string;
  /** Every pipeline to check (STREAMKAP_PIPELINE_IDS, or the one STREAMKAP_PIPELINE_ID); the first is `pipelineId`. */
  pipelineIds: string[];
  missingPipelineId: string;
  limitedToken?: string;
  /** API client credentials without read:pipeline_metrics, exchanged each run like the main ones. */
  limitedClientId?: string;
  limitedSecret?: string;
  timeoutMs: number;
  /** The whole run's deadline; past it, the rest is not sent and the run exits 2. */
  runTimeoutMs: number;
  concurrency: number;
  maxRps: number;
  retries: number;
  reportsDir: string;
  tags: string[];
  baselineReport?: string;
  /** Response-time budgets per answered attempt: a warning past `degradedMs`, a failure past `maxResponseMs`. */
  budgets: ResponseTimeBudgets;
  /** Where the target publishes its OpenAPI document; undefined for the embedded server, which the CLI fills in. */
  liveSpecUrl?: string;
  /** What a breaking difference between the live and the vendored contract does to the run. */
  drift: DriftMode;
  /** The random phase's budget of requests; undefined: the default for the target (see generationBudget). */
  generatedRequests?: number;
  /** The generated tier's seed; undefined: a new one each run, printed so it can be replayed. */
  seed?: number;
  /** The longest the console stays silent: a progress line at least this often. */
  progressMs: number;
  history: HistorySettings;
  /** A Prometheus Pushgateway that gets the run's metrics; undefined pushes nothing. */
  pushgatewayUrl?: string;
  /** GitHub Actions' job summary file ($GITHUB_STEP_SUMMARY), which gets summary.md appended. */
  stepSummaryFile?: string;
}

/** Every setting, for the README, .env.example and the tests that keep them in step. */
export const SETTING_NAMES = [
  'STREAMKAP_BASE_URL',
  'STREAMKAP_TOKEN',
  'STREAMKAP_CLIENT_ID',
  'STREAMKAP_SECRET',
  'STREAMKAP_TOKEN_URL',
  'STREAMKAP_PIPELINE_ID',
  'STREAMKAP_MISSING_PIPELINE_ID',
  'STREAMKAP_LIMITED_TOKEN',
  'STREAMKAP_LIMITED_CLIENT_ID',
  'STREAMKAP_LIMITED_SECRET',
  'STREAMKAP_TIMEOUT_MS',
  'STREAMKAP_RUN_TIMEOUT_S',
  'STREAMKAP_CONCURRENCY',
  'STREAMKAP_MAX_RPS',
  'STREAMKAP_RETRIES',
  'STREAMKAP_REPORTS_DIR',
  'STREAMKAP_TAGS',
  'STREAMKAP_BASELINE_REPORT',
  'STREAMKAP_DEGRADED_MS',
  'STREAMKAP_MAX_RESPONSE_MS',
  'STREAMKAP_LIVE_SPEC_URL',
  'STREAMKAP_DRIFT',
  'STREAMKAP_GENERATED_REQUESTS',
  'STREAMKAP_SEED',
  'STREAMKAP_PROGRESS_S',
  'STREAMKAP_PIPELINE_IDS',
  ...HISTORY_SETTING_NAMES,
  'STREAMKAP_PUSHGATEWAY_URL',
] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

export const DRIFT_MODES = ['warn', 'fail'] as const;
export type DriftMode = (typeof DRIFT_MODES)[number];

/** The process environment over `.env`: a real variable always wins over the file. */
export function readEnvironment(cwd = process.cwd(), env: Environment = process.env): Environment {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

function value(env: Environment, name: SettingName): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** A URL as a message may quote it: user info and a query can carry credentials. */
function shownUrl(raw: string): string {
  const hidden = raw.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1(credentials hidden)@').replace(/([?#]).*$/, '$1(hidden)');
  return JSON.stringify(hidden);
}

function httpUrl(env: Environment, name: SettingName, example: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  // `localhost:47123` parses as the scheme `localhost:`, `https//host` as a path; say what is wrong instead.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const mangled = /^(https?):?\/*(.*)$/i.exec(raw);
    const guess = mangled
      ? `${mangled[1]?.toLowerCase()}://${mangled[2]}`
      : /^(localhost|127\.|\[::1\])/i.test(raw)
        ? `http://${raw}`
        : `https://${raw}`;
    const what = mangled ? 'whose scheme is malformed' : 'which has no scheme';
    throw new SetupError(`${name} is ${shownUrl(raw)}, ${what}. Set it to an absolute http(s) URL such as ${shownUrl(guess)}.`, name);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SetupError(`${name} is ${shownUrl(raw)}, which is not a URL. Set it to an absolute http(s) URL such as ${example}.`, name);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SetupError(
      `${name} is ${shownUrl(raw)}, whose scheme ${url.protocol} is not http or https. Set it to an http(s) URL such as ${example}.`,
      name,
    );
  }
  if (url.search || url.hash) {
    throw new SetupError(
      `${name} is ${shownUrl(raw)}, which has a query or fragment. Set it to the API's base URL alone, such as ${example}.`,
      name,
    );
  }
  if (url.username || url.password) {
    throw new SetupError(
      `${name} has credentials in it. Remove them from the URL and use STREAMKAP_TOKEN or STREAMKAP_CLIENT_ID and STREAMKAP_SECRET.`,
      name,
    );
  }
  const pasted = /^(.*)\/pipelines\/([^/]+)\/metrics\/?$/.exec(url.pathname);
  if (name === 'STREAMKAP_BASE_URL' && pasted) {
    const base = `${url.origin}${pasted[1]}`;
    throw new SetupError(
      `${name} is ${shownUrl(raw)}, the metrics URL of one pipeline, not the API's base URL. Set ${name} to ${shownUrl(base)} and STREAMKAP_PIPELINE_ID to ${shownUrl(decodeURIComponent(pasted[2] ?? ''))}; the suite adds /pipelines/{id}/metrics itself.`,
      name,
    );
  }
  // The base URL may carry a path prefix (/api); joining must keep it, so drop only the trailing slash.
  return url.toString().replace(/\/+$/, '');
}

/**
 * A bearer token as RFC 6750 (2.1) spells one: visible ASCII without spaces. Anything else could
 * not go into a header, or would turn up later as a refused token or a failed connection that
 * blames STREAMKAP_BASE_URL.
 */
function bearerToken(env: Environment, name: SettingName): string | undefined {
  const raw = value(env, name);
  if (raw === undefined || /^[\x21-\x7e]+$/.test(raw)) return raw;
  const fix = /^bearer\s/i.test(raw) ? 'Remove the leading "Bearer ": the suite adds it' : 'Set it to the access token alone, as issued';
  throw new SetupError(`${name} has spaces or characters a bearer token cannot have (its value is not shown). ${fix}.`, name);
}

function wholeNumber(env: Environment, name: SettingName, fallback: number, range: { min: number; max: number }): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new SetupError(
      `${name} is ${JSON.stringify(raw)}, which is not a whole number from ${range.min} to ${range.max}. Set it to such a number, or unset it for the default (${fallback}).`,
      name,
    );
  }
  return parsed;
}

function positiveNumber(env: Environment, name: SettingName, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  // Below one request per 100 s the gate's waits would outgrow what timers can express.
  if (!/^\d+(\.\d+)?$/.test(raw) || !(parsed >= 0.01)) {
    throw new SetupError(
      `${name} is ${JSON.stringify(raw)}, which is not a number of at least 0.01. Set it to such a number, or unset it for the default (${fallback}).`,
      name,
    );
  }
  return parsed;
}

/**
 * Reads STREAMKAP_HISTORY_FILE and STREAMKAP_HISTORY_RUNS.
 * @throws SetupError naming the setting when the count is no whole number from 1 to MAX_HISTORY_RUNS,
 * or when a count is given without a file to keep it in.
 */
export function readHistorySettings(env: Environment): HistorySettings {
  const file = value(env, 'STREAMKAP_HISTORY_FILE');
  const rawRuns = value(env, 'STREAMKAP_HISTORY_RUNS');
  if (rawRuns === undefined) return { file, runs: DEFAULT_HISTORY_RUNS };
  if (!/^\d+$/.test(rawRuns) || Number(rawRuns) < 1 || Number(rawRuns) > MAX_HISTORY_RUNS) {
    throw new SetupError(
      `STREAMKAP_HISTORY_RUNS is ${JSON.stringify(rawRuns)}, which is not a whole number from 1 to ${MAX_HISTORY_RUNS}. ` +
        `Set it to how many runs the history keeps (default ${DEFAULT_HISTORY_RUNS}), or unset it.`,
      'STREAMKAP_HISTORY_RUNS',
    );
  }
  if (file === undefined) {
    throw new SetupError(
      `STREAMKAP_HISTORY_RUNS is ${rawRuns} but STREAMKAP_HISTORY_FILE is not set, so there is no history to keep. ` +
        'Set STREAMKAP_HISTORY_FILE to a JSON file the run may create and update (such as .conformance-history/history.json), or unset STREAMKAP_HISTORY_RUNS.',
      'STREAMKAP_HISTORY_RUNS',
    );
  }
  return { file, runs: Number(rawRuns) };
}

/**
 * Reads STREAMKAP_PUSHGATEWAY_URL, the Pushgateway's base URL (with any path prefix, and
 * user:password@ for Basic authentication); undefined pushes nothing.
 * @throws SetupError naming the setting when it is no http(s) URL or has a query or fragment.
 */
export function readPushgatewayUrl(env: Environment): string | undefined {
  const raw = value(env, 'STREAMKAP_PUSHGATEWAY_URL');
  if (raw === undefined) return undefined;
  const fix = 'Set it to the Pushgateway base URL, such as http://pushgateway.example.com:9091, or unset it to push nothing.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SetupError(`STREAMKAP_PUSHGATEWAY_URL is ${shownUrl(raw)}, which is not a URL. ${fix}`, 'STREAMKAP_PUSHGATEWAY_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SetupError(
      `STREAMKAP_PUSHGATEWAY_URL is ${shownUrl(raw)}, whose scheme ${url.protocol} is not http or https. ${fix}`,
      'STREAMKAP_PUSHGATEWAY_URL',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new SetupError(
      `STREAMKAP_PUSHGATEWAY_URL is ${shownUrl(raw)}, which has a query or fragment. ${fix}`,
      'STREAMKAP_PUSHGATEWAY_URL',
    );
  }
  if (/\/metrics\/job(@base64)?\//.test(url.pathname)) {
    throw new SetupError(
      `STREAMKAP_PUSHGATEWAY_URL is ${shownUrl(raw)}, which already names a job; the suite adds /metrics/job/streamkap_conformance/target/<base URL> itself. ${fix}`,
      'STREAMKAP_PUSHGATEWAY_URL',
    );
  }
  return raw;
}

/** STREAMKAP_PIPELINE_IDS (comma-separated) or STREAMKAP_PIPELINE_ID; both is a contradiction. */
function pipelineList(env: Environment): string[] {
  const one = value(env, 'STREAMKAP_PIPELINE_ID');
  const many = value(env, 'STREAMKAP_PIPELINE_IDS');
  if (one !== undefined && many !== undefined) {
    throw new SetupError(
      'Both STREAMKAP_PIPELINE_ID and STREAMKAP_PIPELINE_IDS are set. Use STREAMKAP_PIPELINE_IDS for several pipelines (comma-separated) or STREAMKAP_PIPELINE_ID for one, and unset the other.',
      'STREAMKAP_PIPELINE_IDS',
    );
  }
  const ids = (many ?? one ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) {
    throw new SetupError(`STREAMKAP_PIPELINE_IDS names ${repeated} twice. List each pipeline once.`, 'STREAMKAP_PIPELINE_IDS');
  }
  return ids;
}

function optionalMilliseconds(env: Environment, name: SettingName): number | undefined {
  const raw = value(env, name);
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

/**
 * STREAMKAP_DEGRADED_MS and STREAMKAP_MAX_RESPONSE_MS, checked against each other and against the
 * deadline: a budget at or above STREAMKAP_TIMEOUT_MS could never be exceeded by an answer, since
 * the timeout cuts the attempt off first.
 */
export function budgetSettings(
  env: Environment,
  timeoutMs = wholeNumber(env, 'STREAMKAP_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, TIMEOUT_RANGE),
): ResponseTimeBudgets {
  const degradedMs = optionalMilliseconds(env, 'STREAMKAP_DEGRADED_MS');
  const maxResponseMs = optionalMilliseconds(env, 'STREAMKAP_MAX_RESPONSE_MS');
  const timeoutSource =
    value(env, 'STREAMKAP_TIMEOUT_MS') === undefined
      ? `the default STREAMKAP_TIMEOUT_MS (${timeoutMs})`
      : `STREAMKAP_TIMEOUT_MS (${timeoutMs})`;
  if (degradedMs !== undefined && maxResponseMs !== undefined && degradedMs >= maxResponseMs) {
    throw new SetupError(
      `STREAMKAP_DEGRADED_MS (${degradedMs}) is not below STREAMKAP_MAX_RESPONSE_MS (${maxResponseMs}), so no answer could be degraded without failing. Set STREAMKAP_DEGRADED_MS below STREAMKAP_MAX_RESPONSE_MS, or unset one of them.`,
      'STREAMKAP_DEGRADED_MS',
    );
  }
  for (const [name, budget] of [
    ['STREAMKAP_MAX_RESPONSE_MS', maxResponseMs],
    ['STREAMKAP_DEGRADED_MS', degradedMs],
  ] as const) {
    if (budget !== undefined && budget >= timeoutMs) {
      throw new SetupError(
        `${name} (${budget}) is not below ${timeoutSource}: the timeout cuts every attempt off first, so the budget could never be exceeded. Set ${name} below the timeout, or raise STREAMKAP_TIMEOUT_MS above it.`,
        name,
      );
    }
  }
  return { ...(degradedMs === undefined ? {} : { degradedMs }), ...(maxResponseMs === undefined ? {} : { maxResponseMs }) };
}

function optionalWholeNumber(env: Environment, name: SettingName, range: { min: number; max: number }): number | undefined {
  return value(env, name) === undefined ? undefined : wholeNumber(env, name, range.min, range);
}

/** A seed as fast-check takes one: a 32-bit integer, negative allowed. */
export function seedSetting(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!/^-?\d+$/.test(raw) || parsed < -(2 ** 31) || parsed >= 2 ** 31) {
    throw new SetupError(
      `${name} is ${JSON.stringify(raw)}, which is not a whole number from -2147483648 to 2147483647. Set it to the seed a previous run printed, or unset it for a new one.`,
      name,
    );
  }
  return parsed;
}

/**
 * The random phase's default budget. Against a target: 2000 requests, about 3.3 minutes at the
 * default 10 requests/s, 250 per property, which is a night's worth of exploration on top of the
 * tables and the coverage phase. Against the embedded server, which is our own and only a
 * demonstration, 200, so the newcomer's run stays within seconds.
 */
export const DEFAULT_GENERATED_REQUESTS = { target: 2000, embedded: 200 } as const;

function driftMode(env: Environment): DriftMode {
  const raw = value(env, 'STREAMKAP_DRIFT') ?? 'warn';
  if ((DRIFT_MODES as readonly string[]).includes(raw)) return raw as DriftMode;
  throw new SetupError(
    `STREAMKAP_DRIFT is ${JSON.stringify(raw)}, which is neither warn nor fail. Set it to warn (show contract drift, exit unchanged) or fail (a breaking difference fails the run), or unset it for warn.`,
    'STREAMKAP_DRIFT',
  );
}

/** Where FastAPI publishes a service's OpenAPI document, under the API's base URL. */
export const liveSpecUrlFor = (baseUrl: string): string => `${baseUrl}/openapi.json`;

const DEFAULT_TIMEOUT_MS = 10_000;
const TIMEOUT_RANGE = { min: 1, max: 600_000 };

/** Where a run's reports go, read apart from the rest so that even a run whose other settings are wrong can say so there. */
export function reportSettings(env: Environment): Pick<Settings, 'reportsDir' | 'stepSummaryFile'> {
  return { reportsDir: value(env, 'STREAMKAP_REPORTS_DIR') ?? 'reports', stepSummaryFile: env.GITHUB_STEP_SUMMARY?.trim() || undefined };
}

/** The settings that name or unlock a real target; each needs STREAMKAP_BASE_URL beside it. */
const TARGET_SETTINGS: readonly SettingName[] = [
  'STREAMKAP_TOKEN',
  'STREAMKAP_CLIENT_ID',
  'STREAMKAP_SECRET',
  'STREAMKAP_TOKEN_URL',
  'STREAMKAP_PIPELINE_ID',
  'STREAMKAP_PIPELINE_IDS',
  'STREAMKAP_MISSING_PIPELINE_ID',
  'STREAMKAP_LIMITED_TOKEN',
  'STREAMKAP_LIMITED_CLIENT_ID',
  'STREAMKAP_LIMITED_SECRET',
  'STREAMKAP_LIVE_SPEC_URL',
];

function pairOfCredentials(
  id: string | undefined,
  secret: string | undefined,
  idName: SettingName,
  secretName: SettingName,
  tokenName: SettingName,
): void {
  if ((id === undefined) === (secret === undefined)) return;
  const missing = id === undefined ? idName : secretName;
  throw new SetupError(
    `${missing} is not set, but its partner is. Client credentials need both ${idName} and ${secretName}; set the missing one, or unset both and use ${tokenName}.`,
    missing,
  );
}

/** A token beside client credentials would leave one of them unused without a word. */
function oneWayToAuthenticate(token: string | undefined, clientId: string | undefined, tokenName: SettingName, pairNames: string): void {
  if (token === undefined || clientId === undefined) return;
  throw new SetupError(
    `Both ${tokenName} and ${pairNames} are set, and only one of them can be used. Unset ${tokenName} to have the run exchange the client credentials for a fresh token (best for nightly runs: it never expires unnoticed), or unset ${pairNames} to use the token.`,
    tokenName,
  );
}

/**
 * Validates every setting before anything is sent.
 * @throws SetupError naming the first setting that is wrong and how to fix it.
 */
export function loadSettings(env: Environment): Settings {
  const baseUrl = httpUrl(env, 'STREAMKAP_BASE_URL', 'https://api.streamkap.com');
  const tokenUrl = httpUrl(env, 'STREAMKAP_TOKEN_URL', 'https://api.streamkap.com/auth/access-token');
  const token = bearerToken(env, 'STREAMKAP_TOKEN');
  const clientId = value(env, 'STREAMKAP_CLIENT_ID');
  const secret = value(env, 'STREAMKAP_SECRET');
  const pipelineIds = pipelineList(env);
  const pipelineId = pipelineIds[0];

  const limitedToken = bearerToken(env, 'STREAMKAP_LIMITED_TOKEN');
  const limitedClientId = value(env, 'STREAMKAP_LIMITED_CLIENT_ID');
  const limitedSecret = value(env, 'STREAMKAP_LIMITED_SECRET');

  // Settings that only mean something against a target: without a base URL the run would check the
  // embedded server and quietly ignore them, a green run that checked nothing the user meant.
  const strayTargetSetting = TARGET_SETTINGS.find((name) => value(env, name) !== undefined);
  if (baseUrl === undefined && strayTargetSetting !== undefined) {
    throw new SetupError(
      `${strayTargetSetting} is set, but STREAMKAP_BASE_URL is not, so the run would check the embedded reference server and ignore it. Set STREAMKAP_BASE_URL to the API's base URL (such as https://api.streamkap.com), or unset ${strayTargetSetting} to run against the embedded server.`,
      'STREAMKAP_BASE_URL',
    );
  }
  pairOfCredentials(clientId, secret, 'STREAMKAP_CLIENT_ID', 'STREAMKAP_SECRET', 'STREAMKAP_TOKEN');
  pairOfCredentials(limitedClientId, limitedSecret, 'STREAMKAP_LIMITED_CLIENT_ID', 'STREAMKAP_LIMITED_SECRET', 'STREAMKAP_LIMITED_TOKEN');
  oneWayToAuthenticate(token, clientId, 'STREAMKAP_TOKEN', 'STREAMKAP_CLIENT_ID and STREAMKAP_SECRET');
  oneWayToAuthenticate(
    limitedToken,
    limitedClientId,
    'STREAMKAP_LIMITED_TOKEN',
    'STREAMKAP_LIMITED_CLIENT_ID and STREAMKAP_LIMITED_SECRET',
  );
  if (limitedToken !== undefined && limitedToken === token) {
    throw new SetupError(
      'STREAMKAP_LIMITED_TOKEN is the same token as STREAMKAP_TOKEN, so the permission case would check nothing. Set it to a token that is valid but lacks read:pipeline_metrics, or unset it to skip that case.',
      'STREAMKAP_LIMITED_TOKEN',
    );
  }
  if (limitedClientId !== undefined && limitedClientId === clientId) {
    throw new SetupError(
      'STREAMKAP_LIMITED_CLIENT_ID is the same API client as STREAMKAP_CLIENT_ID, so the permission case would check nothing. Set it to a client without read:pipeline_metrics, or unset both limited credentials to skip that case.',
      'STREAMKAP_LIMITED_CLIENT_ID',
    );
  }
  if (baseUrl !== undefined) {
    if (pipelineId === undefined) {
      throw new SetupError(
        `STREAMKAP_PIPELINE_ID is not set, but STREAMKAP_BASE_URL is (${baseUrl}). Set STREAMKAP_PIPELINE_ID to the id of an existing pipeline that the token may read.`,
        'STREAMKAP_PIPELINE_ID',
      );
    }
    if (token === undefined && clientId === undefined) {
      throw new SetupError(
        `No credentials for ${baseUrl}. Set STREAMKAP_TOKEN to a bearer access token, or STREAMKAP_CLIENT_ID and STREAMKAP_SECRET to API client credentials, in the environment or in .env.`,
        'STREAMKAP_TOKEN',
      );
    }
  }

  const missingPipelineId = value(env, 'STREAMKAP_MISSING_PIPELINE_ID') ?? DEFAULT_MISSING_PIPELINE_ID;
  if (pipelineIds.includes(missingPipelineId)) {
    throw new SetupError(
      'STREAMKAP_MISSING_PIPELINE_ID equals STREAMKAP_PIPELINE_ID. Set it to an id that does not exist, or unset it for the default.',
      'STREAMKAP_MISSING_PIPELINE_ID',
    );
  }

  // Upper bounds keep every wait within what timers can express and a night's run can afford.
  const timeoutMs = wholeNumber(env, 'STREAMKAP_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, TIMEOUT_RANGE);
  const tags = (value(env, 'STREAMKAP_TAGS') ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

  return {
    baseUrl,
    token,
    clientId,
    secret,
    tokenUrl,
    pipelineId,
    missingPipelineId,
    limitedToken,
    limitedClientId,
    limitedSecret,
    timeoutMs,
    runTimeoutMs: wholeNumber(env, 'STREAMKAP_RUN_TIMEOUT_S', 1800, { min: 1, max: 86_400 }) * 1000,
    concurrency: wholeNumber(env, 'STREAMKAP_CONCURRENCY', 4, { min: 1, max: 100 }),
    maxRps: positiveNumber(env, 'STREAMKAP_MAX_RPS', 10),
    retries: wholeNumber(env, 'STREAMKAP_RETRIES', 3, { min: 0, max: 10 }),
    ...reportSettings(env),
    tags,
    baselineReport: value(env, 'STREAMKAP_BASELINE_REPORT'),
    budgets: budgetSettings(env, timeoutMs),
    liveSpecUrl: httpUrl(env, 'STREAMKAP_LIVE_SPEC_URL', 'https://api.streamkap.com/openapi.json') ?? (baseUrl && liveSpecUrlFor(baseUrl)),
    drift: driftMode(env),
    generatedRequests: optionalWholeNumber(env, 'STREAMKAP_GENERATED_REQUESTS', { min: 0, max: 1_000_000 }),
    seed: seedSetting(value(env, 'STREAMKAP_SEED'), 'STREAMKAP_SEED'),
    progressMs: wholeNumber(env, 'STREAMKAP_PROGRESS_S', 10, { min: 1, max: 600 }) * 1000,
    pipelineIds,
    history: readHistorySettings(env),
    pushgatewayUrl: readPushgatewayUrl(env),
  };
}
