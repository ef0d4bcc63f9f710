/**
 * The run's settings: layers of text (the environment over .env, the flags over both) read through
 * the one table of settings, then qualified once into `Settings`, every default filled in and every
 * rule between settings checked, before anything is sent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { ResponseTimeBudgets } from '../checks/response-time-budgets';
import type { HistorySettings } from '../history/history-settings';
import { addUrlCredentials, MIN_SECRET_LENGTH, Redactor } from '../redaction';
import { SetupError } from '../setup-error';
import { type DriftMode, tooShortSecret } from './parsers';
import { checkBudgets, checkHistory, checkTags, checkTarget, type RuleInput } from './rules';
import { checkNames } from './unknown-names';
import {
  DEFAULT_GENERATED_REQUESTS,
  SECRET_SETTINGS,
  URL_SETTINGS,
  SETTING_NAMES,
  type SettingName,
  SETTINGS,
  type SettingSpec,
  type SettingValue,
} from './table';

export { type DriftMode } from './parsers';
export { DEFAULT_MISSING_PIPELINE_ID, SETTING_NAMES, type SettingName } from './table';

/** .env's problem, if it has a line that is neither NAME=value, a comment nor blank: the run stops on it, it is never skipped. */
const ENV_FILE_PROBLEM = Symbol('the .env line that could not be read');

export type Environment = Readonly<Record<string, string | undefined>> & { readonly [ENV_FILE_PROBLEM]?: SetupError };

/** The command line's layer: setting names and the flags' text, which win over the environment. */
export type FlagLayer = Partial<Record<SettingName, string>>;

/** The settings of a run, qualified: every default filled in, every rule between settings checked. */
export interface Settings {
  /** Unset: the run starts the embedded reference server. */
  baseUrl?: string;
  token?: string;
  clientId?: string;
  secret?: string;
  /** Set whenever `baseUrl` is. */
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
  /** How long the preflight waits for a target that asks to be tried again (Retry-After) before it counts as unavailable. */
  startupWaitS: number;
  concurrency: number;
  maxRps: number;
  retries: number;
  reportsDir: string;
  /** How many run folders the reports folder keeps. */
  reportsRuns: number;
  tags: string[];
  baselineReport?: string;
  /** Response-time budgets per answered attempt: a warning past `degradedMs`, a failure past `maxResponseMs`. */
  budgets: ResponseTimeBudgets;
  /** Where the target publishes its OpenAPI document; set whenever `baseUrl` is (the embedded server's comes when it starts). */
  liveSpecUrl?: string;
  /** What a breaking difference between the live and the vendored contract does to the run. */
  drift: DriftMode;
  /** The random phase's budget of requests, by default smaller against the embedded server. */
  generatedRequests: number;
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

/** Where FastAPI publishes a service's OpenAPI document, under the API's base URL. */
export const liveSpecUrlFor = (baseUrl: string): string => `${baseUrl}/openapi.json`;

const spec = (name: SettingName): SettingSpec<unknown> => SETTINGS[name] as SettingSpec<unknown>;

/** An exported empty variable counts as unset. */
function present(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The settings one layer sets, read: each value with the name the layer spells it with (a variable or its flag). */
type ReadLayer = Map<SettingName, { shown: string; value: unknown }>;

function readLayer(values: Readonly<Record<string, string | undefined>>, shownAs: (name: SettingName) => string): ReadLayer {
  const layer: ReadLayer = new Map();
  for (const name of SETTING_NAMES) {
    const raw = present(values[name]);
    if (raw === undefined) continue;
    const shown = shownAs(name);
    if (spec(name).secret && raw.length < MIN_SECRET_LENGTH) throw tooShortSecret(shown, shown);
    layer.set(name, { shown, value: spec(name).parse(raw, shown) });
  }
  // Alternatives within one layer contradict each other.
  const pipelines = [...layer.keys()].filter((name) => spec(name).group === 'pipelines');
  if (pipelines.length > 1) {
    throw new SetupError(
      'Both STREAMKAP_PIPELINE_ID and STREAMKAP_PIPELINE_IDS are set. Use STREAMKAP_PIPELINE_IDS for several pipelines (comma-separated) or STREAMKAP_PIPELINE_ID for one, and unset the other.',
      'STREAMKAP_PIPELINE_IDS',
    );
  }
  return layer;
}

/** A higher layer's setting replaces the lower one's, and every alternative of its group. */
function overlay(lower: ReadLayer, higher: ReadLayer): ReadLayer {
  const merged: ReadLayer = new Map(lower);
  for (const [name, entry] of higher) {
    const group = spec(name).group;
    if (group !== undefined) for (const other of merged.keys()) if (spec(other).group === group) merged.delete(other);
    merged.set(name, entry);
  }
  return merged;
}

/**
 * Reads every layer through the table, the flags over the environment, and qualifies the result:
 * defaults filled in once, the rules between settings checked.
 * @throws SetupError naming the first setting that is wrong and how to fix it.
 */
export function qualifySettings(layers: { env: Environment; flags?: FlagLayer }): Settings {
  const { env, flags = {} } = layers;
  const fileProblem = env[ENV_FILE_PROBLEM];
  if (fileProblem) throw fileProblem;
  checkNames(env);
  const read = overlay(
    readLayer(env, (name) => name),
    readLayer(flags, (name) => spec(name).flag ?? name),
  );
  const valueOf = <N extends SettingName>(name: N): SettingValue<N> | undefined =>
    (read.get(name)?.value ?? spec(name).default) as SettingValue<N> | undefined;
  const setBy = new Map([...read].map(([name, entry]) => [name, entry.shown]));

  const baseUrl = valueOf('STREAMKAP_BASE_URL');
  const pipelineIds = valueOf('STREAMKAP_PIPELINE_IDS') ?? valueOf('STREAMKAP_PIPELINE_ID') ?? [];
  const timeoutMs = valueOf('STREAMKAP_TIMEOUT_MS') ?? 0;
  const degradedMs = valueOf('STREAMKAP_DEGRADED_MS');
  const maxResponseMs = valueOf('STREAMKAP_MAX_RESPONSE_MS');
  const rules: RuleInput = {
    setBy,
    baseUrl,
    token: valueOf('STREAMKAP_TOKEN'),
    clientId: valueOf('STREAMKAP_CLIENT_ID'),
    limitedToken: valueOf('STREAMKAP_LIMITED_TOKEN'),
    limitedClientId: valueOf('STREAMKAP_LIMITED_CLIENT_ID'),
    pipelineIds,
    missingPipelineId: valueOf('STREAMKAP_MISSING_PIPELINE_ID') ?? '',
    timeoutMs,
    degradedMs,
    maxResponseMs,
    historyFile: valueOf('STREAMKAP_HISTORY_FILE'),
    tags: valueOf('STREAMKAP_TAGS') ?? [],
    ci: valueOf('CI') ?? false,
    embedded: valueOf('STREAMKAP_EMBEDDED') ?? false,
  };
  checkTarget(rules);
  checkBudgets(rules);
  checkHistory(rules);
  checkTags(rules);

  const required = <N extends SettingName>(name: N): SettingValue<N> => {
    const value = valueOf(name);
    if (value === undefined) throw new Error(`the settings table has no default for ${name}`);
    return value;
  };
  return {
    baseUrl,
    token: rules.token,
    clientId: rules.clientId,
    secret: valueOf('STREAMKAP_SECRET'),
    tokenUrl: valueOf('STREAMKAP_TOKEN_URL') ?? (baseUrl && `${baseUrl}/auth/access-token`),
    pipelineId: pipelineIds[0],
    pipelineIds,
    missingPipelineId: rules.missingPipelineId,
    limitedToken: rules.limitedToken,
    limitedClientId: rules.limitedClientId,
    limitedSecret: valueOf('STREAMKAP_LIMITED_SECRET'),
    timeoutMs,
    runTimeoutMs: required('STREAMKAP_RUN_TIMEOUT_S') * 1000,
    startupWaitS: required('STREAMKAP_STARTUP_WAIT_S'),
    concurrency: required('STREAMKAP_CONCURRENCY'),
    maxRps: required('STREAMKAP_MAX_RPS'),
    retries: required('STREAMKAP_RETRIES'),
    reportsDir: required('STREAMKAP_REPORTS_DIR'),
    reportsRuns: required('STREAMKAP_REPORTS_RUNS'),
    tags: rules.tags as string[],
    baselineReport: valueOf('STREAMKAP_BASELINE_REPORT'),
    budgets: { ...(degradedMs !== undefined && { degradedMs }), ...(maxResponseMs !== undefined && { maxResponseMs }) },
    liveSpecUrl: valueOf('STREAMKAP_LIVE_SPEC_URL') ?? (baseUrl && liveSpecUrlFor(baseUrl)),
    drift: required('STREAMKAP_DRIFT'),
    generatedRequests: valueOf('STREAMKAP_GENERATED_REQUESTS') ?? DEFAULT_GENERATED_REQUESTS[baseUrl === undefined ? 'embedded' : 'target'],
    seed: valueOf('STREAMKAP_SEED'),
    progressMs: required('STREAMKAP_PROGRESS_S') * 1000,
    history: { file: rules.historyFile, runs: required('STREAMKAP_HISTORY_RUNS') },
    pushgatewayUrl: valueOf('STREAMKAP_PUSHGATEWAY_URL'),
    stepSummaryFile: valueOf('GITHUB_STEP_SUMMARY'),
  };
}

/** The environment's settings alone, qualified. */
export const loadSettings = (env: Environment): Settings => qualifySettings({ env });

/** What an alert needs of a run, whatever stopped it: where its history is kept and where its metrics go. */
export interface AlertingSettings {
  baseUrl?: string;
  history?: { file: string; runs: number };
  push: { pushgatewayUrl?: string; timeoutMs: number; retries: number };
}

/**
 * The alerting settings, each read on its own and leniently: a run stopped by another setting still
 * records itself in the history and pushes its exit code, so the nightly alert fires. One that is
 * itself wrong is left out (it is the setting error the run reports).
 */
export function alertingSettings(layers: { env: Environment; flags?: FlagLayer }): AlertingSettings {
  const read = <N extends SettingName>(name: N): SettingValue<N> | undefined => {
    try {
      const raw = present(layers.flags?.[name] ?? layers.env[name]);
      return (raw === undefined ? spec(name).default : spec(name).parse(raw, name)) as SettingValue<N> | undefined;
    } catch {
      return undefined;
    }
  };
  const file = read('STREAMKAP_HISTORY_FILE');
  const fallback = <N extends SettingName>(name: N): SettingValue<N> => (read(name) ?? spec(name).default) as SettingValue<N>;
  return {
    baseUrl: read('STREAMKAP_BASE_URL'),
    ...(file !== undefined && { history: { file, runs: fallback('STREAMKAP_HISTORY_RUNS') } }),
    push: {
      pushgatewayUrl: read('STREAMKAP_PUSHGATEWAY_URL'),
      timeoutMs: fallback('STREAMKAP_TIMEOUT_MS'),
      retries: fallback('STREAMKAP_RETRIES'),
    },
  };
}

/** Where a run's reports go, read apart from the rest so that even a run whose other settings are wrong can say so there. */
export function reportSettings(env: Environment): Pick<Settings, 'reportsDir' | 'reportsRuns' | 'stepSummaryFile'> {
  const runs = present(env.STREAMKAP_REPORTS_RUNS);
  let reportsRuns = SETTINGS.STREAMKAP_REPORTS_RUNS.default as number;
  try {
    if (runs !== undefined) reportsRuns = SETTINGS.STREAMKAP_REPORTS_RUNS.parse(runs, 'STREAMKAP_REPORTS_RUNS');
  } catch {
    // A wrong value is the setting error this run reports; its reports keep the default's number of runs.
  }
  return {
    reportsDir: present(env.STREAMKAP_REPORTS_DIR) ?? (SETTINGS.STREAMKAP_REPORTS_DIR.default as string),
    reportsRuns,
    stepSummaryFile: present(env.GITHUB_STEP_SUMMARY),
  };
}

/** Every secret the environment holds, known before anything can print: a setup error may quote one. */
export function redactorFor(env: Environment): Redactor {
  const redactor = new Redactor();
  // One too short to be a secret is refused as a setting before anything is sent; as a placeholder it would garble the refusal.
  for (const name of SECRET_SETTINGS) {
    const value = present(env[name]);
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) redactor.add(value, `$${name}`);
  }
  // A URL's user info is a credential too, whichever URL setting carries it.
  for (const name of URL_SETTINGS) addUrlCredentials(redactor, env[name], name);
  return redactor;
}

/**
 * Which line of .env is neither NAME=value, a comment nor blank: dotenv would skip it, and the
 * gate it was meant to set would stay off. A quoted value may run over several lines.
 */
function unreadableLine(text: string): { line: number; name?: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!assignment) return { line: i + 1, name: /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1] };
    const opening = /^["'`]/.exec(assignment[2] ?? '')?.[0];
    if (opening !== undefined && !(assignment[2] ?? '').slice(1).includes(opening)) {
      while (i + 1 < lines.length && !(lines[i + 1] ?? '').includes(opening)) i += 1;
      i += 1;
    }
  }
  return undefined;
}

/** The process environment over `.env`: a real variable always wins over the file. */
export function readEnvironment(cwd = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): Environment {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  const text = readFileSync(file, 'utf8');
  const merged: Environment = { ...parseDotenv(text), ...env };
  const bad = unreadableLine(text);
  if (bad === undefined) return merged;
  // The value is never shown: the line may hold a secret.
  const problem = new SetupError(
    `Line ${bad.line} of ${file} is neither NAME=value, a comment nor blank, so it would be ignored (its text is not shown).${bad.name ? ` Write it as ${bad.name}=<value>.` : ' Fix it as NAME=value, or start it with # to keep it as a comment.'}`,
    bad.name ?? '.env',
  );
  return { ...merged, [ENV_FILE_PROBLEM]: problem };
}
