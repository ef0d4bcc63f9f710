/**
 * Every setting, declared once: how it is read, its default, whether it is a secret or only means
 * something against a real target, and what README and .env.example say of it. The readers, the
 * defaults, the redaction list, the unknown-name check and both documents come from this table.
 */
import { DEFAULT_HISTORY_RUNS, MAX_HISTORY_RUNS } from '../history/history-settings';
import {
  apiUrl,
  baseUrl,
  bearerToken,
  ciMarker,
  type DriftMode,
  driftMode,
  list,
  milliseconds,
  onePipelineId,
  type Parser,
  pipelineIds,
  positiveNumber,
  pushgatewayUrl,
  type Range,
  seed,
  text,
  wholeNumber,
  yesNo,
} from './parsers';

export interface SettingSpec<T> {
  parse: Parser<T>;
  /** The value when no layer sets it; absent: unset (or a default that depends on other settings, said in `shownDefault`). */
  default?: T;
  /** The default as README shows it, when it is not simply `default`. */
  shownDefault?: string;
  range?: Range;
  /** Its value never appears in the console, a report or a snapshot. */
  secret?: true;
  /** It names or unlocks a real target, so it needs STREAMKAP_BASE_URL beside it. */
  targetOnly?: true;
  /** The flag that stands in for it on the command line, and wins over it. */
  flag?: `--${string}`;
  /** Settings of one group are alternatives: one layer may set only one of them, and a higher layer's replaces them all. */
  group?: 'pipelines';
  /** README's "meaning" column (Markdown); .env.example's comment. */
  description: string;
  /** Set by the environment it runs in, not by the user: not in .env.example. */
  fromTheHost?: true;
}

const setting = <T>(spec: SettingSpec<T>): SettingSpec<T> => spec;

/** A whole number in a range; README and .env.example state the range. */
const wholeNumberSetting = (
  spec: Omit<SettingSpec<number>, 'parse' | 'range'> & { range: Range; default: number },
): SettingSpec<number> => ({
  ...spec,
  parse: wholeNumber(spec.range, String(spec.default)),
});

/**
 * The random phase's default budget. Against a target: 2000 requests, about 3.3 minutes at the
 * default 10 requests/s, 250 per property, which is a night's worth of exploration on top of the
 * tables and the coverage phase. Against the embedded server, which is our own and only a
 * demonstration, 200, so the newcomer's run stays within seconds.
 */
export const DEFAULT_GENERATED_REQUESTS = { target: 2000, embedded: 200 } as const;

/** A syntactically valid ObjectId that no MongoDB ever issued: its timestamp part is the epoch. */
export const DEFAULT_MISSING_PIPELINE_ID = '000000000000000000000000';

/** Run folders kept under the reports folder: a few weeks of nightly runs, or an afternoon of reruns. */
const DEFAULT_REPORTS_RUNS = 20;

export const SETTINGS = {
  STREAMKAP_BASE_URL: setting({
    parse: baseUrl,
    flag: '--base-url',
    shownDefault: 'unset: the embedded reference server',
    description:
      'The API base URL, including any path prefix (`https://api.streamkap.com/api`). Paths are joined onto it, so the prefix is kept.',
  }),
  STREAMKAP_EMBEDDED: setting({
    parse: yesNo,
    flag: '--embedded',
    default: false,
    shownDefault: '`false` (the embedded run is still the default outside CI)',
    description:
      '`true` (or `--embedded`) asks for the embedded reference server explicitly. Under CI (`CI` set) a run without `STREAMKAP_BASE_URL` stops with exit 2 unless it is asked for, so a nightly job whose secret went missing is never green.',
  }),
  STREAMKAP_TOKEN: setting({ parse: bearerToken, secret: true, targetOnly: true, description: 'A bearer access token.' }),
  STREAMKAP_CLIENT_ID: setting({
    parse: text,
    secret: true,
    targetOnly: true,
    description:
      'API client credentials (with `STREAMKAP_SECRET`), the other way to authenticate (setting both these and `STREAMKAP_TOKEN` is a setting error): exchanged once per run with `POST {base}/auth/access-token` (`{"client_id", "secret"}` → `{"accessToken", "expiresIn"}`), and again shortly before the token expires. Best for nightly runs: nothing expires unnoticed.',
  }),
  STREAMKAP_SECRET: setting({ parse: text, secret: true, targetOnly: true, description: 'The secret of `STREAMKAP_CLIENT_ID`.' }),
  STREAMKAP_TOKEN_URL: setting({
    parse: apiUrl('https://api.streamkap.com/auth/access-token'),
    targetOnly: true,
    shownDefault: '`{STREAMKAP_BASE_URL}/auth/access-token`',
    description: 'Where to exchange client credentials.',
  }),
  STREAMKAP_PIPELINE_ID: setting({
    parse: pipelineIds,
    targetOnly: true,
    flag: '--pipeline',
    group: 'pipelines',
    description:
      'An existing pipeline the token may read. Required with `STREAMKAP_BASE_URL` (or `STREAMKAP_PIPELINE_IDS`). An id that is `.`, `..` or holds a `/` is a setting error: the request would leave the metrics path.',
  }),
  STREAMKAP_PIPELINE_IDS: setting({
    parse: pipelineIds,
    targetOnly: true,
    flag: '--pipeline',
    group: 'pipelines',
    description:
      "Several pipelines, comma-separated, instead of `STREAMKAP_PIPELINE_ID` (both set is a setting error). What depends on a pipeline's data runs for each: the must-accept cases and the generated valid requests, each reported with its pipeline beside its id; the rest runs once, with the first pipeline, and is reported with it. The preflight checks each; an unknown one stops the run (exit 2) naming it. Reports show totals per pipeline (the first's include what runs once).",
  }),
  STREAMKAP_MISSING_PIPELINE_ID: setting({
    parse: onePipelineId,
    targetOnly: true,
    default: DEFAULT_MISSING_PIPELINE_ID,
    description: 'A well-formed id of no pipeline (the default is an ObjectId from 1970).',
  }),
  STREAMKAP_LIMITED_CLIENT_ID: setting({
    parse: text,
    secret: true,
    targetOnly: true,
    description:
      'Client credentials (with `STREAMKAP_LIMITED_SECRET`) of an API client that lacks `read:pipeline_metrics`, for the permission case; exchanged each run like the main ones, so the limited token never expires unnoticed.',
  }),
  STREAMKAP_LIMITED_SECRET: setting({
    parse: text,
    secret: true,
    targetOnly: true,
    description: 'The secret of `STREAMKAP_LIMITED_CLIENT_ID`.',
  }),
  STREAMKAP_LIMITED_TOKEN: setting({
    parse: bearerToken,
    secret: true,
    targetOnly: true,
    description:
      "Or a valid token that lacks `read:pipeline_metrics` (not both; the run's own token here is a setting error). Neither set: the permission case is reported as skipped, with the reason, never as passed. A `401` to it passes with a *permission unconfirmed* warning: 401 cannot be told from an expired token, and RFC 6750 asks for 403.",
  }),
  STREAMKAP_TIMEOUT_MS: wholeNumberSetting({
    default: 10_000,
    range: { min: 1, max: 600_000 },
    description: 'Deadline for one request attempt, in milliseconds.',
  }),
  STREAMKAP_CONCURRENCY: wholeNumberSetting({ default: 4, range: { min: 1, max: 100 }, description: 'Requests in flight at once.' }),
  STREAMKAP_MAX_RPS: setting({
    parse: positiveNumber('10'),
    default: 10,
    description: 'Requests started per second, across the whole run (at least 0.01).',
  }),
  STREAMKAP_RETRIES: wholeNumberSetting({
    default: 3,
    range: { min: 0, max: 10 },
    description: 'Retries of a transient failure (429, 502, 503, 504, connection reset or refused) per request.',
  }),
  STREAMKAP_RUN_TIMEOUT_S: wholeNumberSetting({
    default: 1800,
    range: { min: 1, max: 86_400 },
    description: "The whole run's deadline in seconds. Past it nothing more is sent, the rest is marked not run, and the run exits 2.",
  }),
  STREAMKAP_STARTUP_WAIT_S: wholeNumberSetting({
    default: 60,
    range: { min: 0, max: 3600 },
    description:
      'How long, in seconds, the preflight waits for a target that answers 429, 502, 503 or 504 with `Retry-After` (a server warming up): it is asked again when it says, until this is spent; then it is unavailable (exit 2). `0` waits for nothing.',
  }),
  STREAMKAP_PROGRESS_S: wholeNumberSetting({
    default: 10,
    range: { min: 1, max: 600 },
    description: 'The longest the console stays silent, in seconds: a progress line at least this often.',
  }),
  STREAMKAP_GENERATED_REQUESTS: setting({
    parse: wholeNumber({ min: 0, max: 1_000_000 }),
    range: { min: 0, max: 1_000_000 },
    shownDefault: `\`${DEFAULT_GENERATED_REQUESTS.target}\` (\`${DEFAULT_GENERATED_REQUESTS.embedded}\` against the embedded server)`,
    description:
      "The random phase's budget of requests, split over its properties, shrinking and each exchange's follow-ups (HEAD, validators sent back) included; `0` turns the random phase off (the coverage phase still runs). See *The generated tier*.",
  }),
  STREAMKAP_SEED: setting({
    parse: seed,
    flag: '--seed',
    shownDefault: 'a new one each run, printed',
    description: "The generated tier's seed (`--seed`): the same seed sends exactly the same requests.",
  }),
  STREAMKAP_DEGRADED_MS: setting({
    parse: milliseconds,
    shownDefault: 'off',
    description: 'A response-time budget per answering attempt: slower answers pass with a *degraded* warning.',
  }),
  STREAMKAP_MAX_RESPONSE_MS: setting({
    parse: milliseconds,
    shownDefault: 'off',
    description:
      'A response-time budget per answering attempt: slower answers fail `response_time_within_budget`. Both budgets must be below `STREAMKAP_TIMEOUT_MS`, and degraded below max (a contradiction is a setting error).',
  }),
  STREAMKAP_LIVE_SPEC_URL: setting({
    parse: apiUrl('https://api.streamkap.com/openapi.json'),
    targetOnly: true,
    shownDefault: '`{STREAMKAP_BASE_URL}/openapi.json`',
    description: 'Where the target publishes its OpenAPI document, for contract drift.',
  }),
  STREAMKAP_DRIFT: setting<DriftMode>({
    parse: driftMode,
    default: 'warn',
    description:
      '`warn`: contract drift is shown, the exit code unchanged. `fail`: a breaking difference fails the run (`contract_unchanged`, exit 1).',
  }),
  STREAMKAP_TAGS: setting({
    parse: list,
    default: [],
    flag: '--tag',
    shownDefault: 'all cases',
    description: 'Run only the cases with any of these comma-separated tags (`--tag` does the same).',
  }),
  STREAMKAP_REPORTS_DIR: setting({
    parse: text,
    default: 'reports',
    description:
      "Where reports are written: each run's in its own folder `runs/<UTC time>-<id>/`, and the latest full run's also at the top level (see *Reports*). A relative path is taken from the project's root when the run starts anywhere inside the project (see *Where a run works*).",
  }),
  STREAMKAP_REPORTS_RUNS: wholeNumberSetting({
    default: DEFAULT_REPORTS_RUNS,
    range: { min: 1, max: 1000 },
    description: 'How many run folders `runs/` under the reports folder keeps, this run included; the oldest go first.',
  }),
  STREAMKAP_BASELINE_REPORT: setting({
    parse: text,
    description:
      "A previous run's `summary.json`, or the folder that holds it (a kept run's `reports/runs/<run>`): failures are marked new or still failing, and fixed cases listed.",
  }),
  STREAMKAP_HISTORY_FILE: setting({
    parse: text,
    description:
      'A JSON file of the last runs that each run reads and updates atomically (a run that dies never leaves it half-written; a corrupt one is a setting error, exit 2: move it aside and the next run starts a new one). Its last run is the baseline when `STREAMKAP_BASELINE_REPORT` is not set (that one wins).',
  }),
  STREAMKAP_HISTORY_RUNS: wholeNumberSetting({
    default: DEFAULT_HISTORY_RUNS,
    range: { min: 1, max: MAX_HISTORY_RUNS },
    description: 'How many runs the history keeps.',
  }),
  STREAMKAP_PUSHGATEWAY_URL: setting({
    parse: pushgatewayUrl,
    description:
      "A Prometheus Pushgateway that gets the run's metrics (see *Metrics for alerting*); `user:password@` in it is sent as Basic authentication and never shown.",
  }),
  CI: setting({
    parse: ciMarker,
    default: false,
    fromTheHost: true,
    shownDefault: 'set by CI services',
    description: 'Any value but `false` or `0` marks a CI run: then a run without `STREAMKAP_BASE_URL` needs `STREAMKAP_EMBEDDED=true`.',
  }),
  GITHUB_STEP_SUMMARY: setting({
    parse: text,
    fromTheHost: true,
    shownDefault: 'set by GitHub Actions',
    description: "A file that gets `summary.md` appended (the job's summary page).",
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A setting's value once read. */
export type SettingValue<N extends SettingName> = ReturnType<(typeof SETTINGS)[N]['parse']>;

/** The settings that are secrets: their values are redacted wherever text leaves the run. */
export const SECRET_SETTINGS = SETTING_NAMES.filter((name) => (SETTINGS[name] as SettingSpec<unknown>).secret);

/** The settings that hold a URL, whose user info (`user:password@`) is a secret wherever it shows. */
export const URL_SETTINGS = [
  'STREAMKAP_BASE_URL',
  'STREAMKAP_TOKEN_URL',
  'STREAMKAP_LIVE_SPEC_URL',
  'STREAMKAP_PUSHGATEWAY_URL',
] as const satisfies readonly SettingName[];

/** The settings that name or unlock a real target; each needs STREAMKAP_BASE_URL beside it. */
export const TARGET_SETTINGS = SETTING_NAMES.filter((name) => (SETTINGS[name] as SettingSpec<unknown>).targetOnly);
