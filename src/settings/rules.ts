/**
 * The rules between settings: each throws a SetupError naming the setting to change when two
 * settings contradict each other, or one is meaningless without another.
 */
import { TAGS } from '../model';
import { SetupError } from '../setup-error';
import { shownWord } from './shown-value';
import { type SettingName, TARGET_SETTINGS } from './table';

/** Which settings some layer set (a name maps to the name or flag its layer spells it with). */
type SetBy = ReadonlyMap<SettingName, string>;

function pairOfCredentials(setBy: SetBy, idName: SettingName, secretName: SettingName, tokenName: SettingName): void {
  if (setBy.has(idName) === setBy.has(secretName)) return;
  const missing = setBy.has(idName) ? secretName : idName;
  throw new SetupError(
    `${missing} is not set, but its partner is. Client credentials need both ${idName} and ${secretName}; set the missing one, or unset both and use ${tokenName}.`,
    missing,
  );
}

/** A token beside client credentials would leave one of them unused without a word. */
function oneWayToAuthenticate(setBy: SetBy, tokenName: SettingName, idName: SettingName, pairNames: string): void {
  if (!setBy.has(tokenName) || !setBy.has(idName)) return;
  throw new SetupError(
    `Both ${tokenName} and ${pairNames} are set, and only one of them can be used. Unset ${tokenName} to have the run exchange the client credentials for a fresh token (best for nightly runs: it never expires unnoticed), or unset ${pairNames} to use the token.`,
    tokenName,
  );
}

/** What the rules need of the settings once read. */
export interface RuleInput {
  setBy: SetBy;
  baseUrl?: string;
  token?: string;
  clientId?: string;
  limitedToken?: string;
  limitedClientId?: string;
  pipelineIds: readonly string[];
  missingPipelineId: string;
  timeoutMs: number;
  degradedMs?: number;
  maxResponseMs?: number;
  historyFile?: string;
  tags: readonly string[];
  /** The host says it is a CI run. */
  ci: boolean;
  /** The embedded reference server was asked for explicitly. */
  embedded: boolean;
}

/** Settings that only mean something against a target, credentials that go in pairs and one way to authenticate. */
export function checkTarget(s: RuleInput): void {
  if (s.embedded && s.baseUrl !== undefined) {
    throw new SetupError(
      `${s.setBy.get('STREAMKAP_EMBEDDED') ?? 'STREAMKAP_EMBEDDED'} asks for the embedded reference server, but STREAMKAP_BASE_URL names a target (${s.baseUrl}). Unset one of them: the run checks one or the other.`,
      'STREAMKAP_EMBEDDED',
    );
  }
  // A nightly job whose secret went missing would otherwise check the embedded server and go green.
  if (s.ci && s.baseUrl === undefined && !s.embedded) {
    throw new SetupError(
      "STREAMKAP_BASE_URL is not set, and this is a CI run (CI is set), where a run without a target would check only the embedded reference server and pass. Set STREAMKAP_BASE_URL (and its credentials) from the job's secrets, or ask for the embedded run explicitly with --embedded or STREAMKAP_EMBEDDED=true.",
      'STREAMKAP_BASE_URL',
    );
  }
  // Without a base URL the run would check the embedded server and quietly ignore them: a green
  // run that checked nothing the user meant.
  const stray = TARGET_SETTINGS.find((name) => s.setBy.has(name));
  if (s.baseUrl === undefined && stray !== undefined) {
    const shown = s.setBy.get(stray) ?? stray;
    throw new SetupError(
      `${shown} is set, but STREAMKAP_BASE_URL is not, so the run would check the embedded reference server and ignore it. Set STREAMKAP_BASE_URL to the API's base URL (such as https://api.streamkap.com), or unset ${shown} to run against the embedded server.`,
      'STREAMKAP_BASE_URL',
    );
  }
  pairOfCredentials(s.setBy, 'STREAMKAP_CLIENT_ID', 'STREAMKAP_SECRET', 'STREAMKAP_TOKEN');
  pairOfCredentials(s.setBy, 'STREAMKAP_LIMITED_CLIENT_ID', 'STREAMKAP_LIMITED_SECRET', 'STREAMKAP_LIMITED_TOKEN');
  oneWayToAuthenticate(s.setBy, 'STREAMKAP_TOKEN', 'STREAMKAP_CLIENT_ID', 'STREAMKAP_CLIENT_ID and STREAMKAP_SECRET');
  oneWayToAuthenticate(
    s.setBy,
    'STREAMKAP_LIMITED_TOKEN',
    'STREAMKAP_LIMITED_CLIENT_ID',
    'STREAMKAP_LIMITED_CLIENT_ID and STREAMKAP_LIMITED_SECRET',
  );
  if (s.limitedToken !== undefined && s.limitedToken === s.token) {
    throw new SetupError(
      'STREAMKAP_LIMITED_TOKEN is the same token as STREAMKAP_TOKEN, so the permission case would check nothing. Set it to a token that is valid but lacks read:pipeline_metrics, or unset it to skip that case.',
      'STREAMKAP_LIMITED_TOKEN',
    );
  }
  if (s.limitedClientId !== undefined && s.limitedClientId === s.clientId) {
    throw new SetupError(
      'STREAMKAP_LIMITED_CLIENT_ID is the same API client as STREAMKAP_CLIENT_ID, so the permission case would check nothing. Set it to a client without read:pipeline_metrics, or unset both limited credentials to skip that case.',
      'STREAMKAP_LIMITED_CLIENT_ID',
    );
  }
  if (s.baseUrl !== undefined) {
    if (s.pipelineIds.length === 0) {
      throw new SetupError(
        `STREAMKAP_PIPELINE_ID is not set, but STREAMKAP_BASE_URL is (${s.baseUrl}). Set STREAMKAP_PIPELINE_ID to the id of an existing pipeline that the token may read.`,
        'STREAMKAP_PIPELINE_ID',
      );
    }
    if (s.token === undefined && s.clientId === undefined) {
      throw new SetupError(
        `No credentials for ${s.baseUrl}. Set STREAMKAP_TOKEN to a bearer access token, or STREAMKAP_CLIENT_ID and STREAMKAP_SECRET to API client credentials, in the environment or in .env.`,
        'STREAMKAP_TOKEN',
      );
    }
  }
  if (s.pipelineIds.includes(s.missingPipelineId)) {
    throw new SetupError(
      'STREAMKAP_MISSING_PIPELINE_ID equals STREAMKAP_PIPELINE_ID. Set it to an id that does not exist, or unset it for the default.',
      'STREAMKAP_MISSING_PIPELINE_ID',
    );
  }
}

/**
 * STREAMKAP_DEGRADED_MS and STREAMKAP_MAX_RESPONSE_MS against each other and against the
 * deadline: a budget at or above STREAMKAP_TIMEOUT_MS could never be exceeded by an answer, since
 * the timeout cuts the attempt off first.
 */
export function checkBudgets(s: RuleInput): void {
  const { degradedMs, maxResponseMs, timeoutMs } = s;
  const timeoutSource = s.setBy.has('STREAMKAP_TIMEOUT_MS')
    ? `STREAMKAP_TIMEOUT_MS (${timeoutMs})`
    : `the default STREAMKAP_TIMEOUT_MS (${timeoutMs})`;
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
}

/** A history count needs a history to keep. */
export function checkHistory(s: RuleInput): void {
  if (s.historyFile !== undefined || !s.setBy.has('STREAMKAP_HISTORY_RUNS')) return;
  throw new SetupError(
    'STREAMKAP_HISTORY_RUNS is set but STREAMKAP_HISTORY_FILE is not, so there is no history to keep. ' +
      'Set STREAMKAP_HISTORY_FILE to a JSON file the run may create and update (such as .conformance-history/history.json), or unset STREAMKAP_HISTORY_RUNS.',
    'STREAMKAP_HISTORY_RUNS',
  );
}

/** A mistyped tag beside a good one would otherwise shrink a nightly run without a word. */
export function checkTags(s: RuleInput): void {
  const known = new Set<string>(TAGS);
  const unknown = s.tags.filter((tag) => !known.has(tag));
  if (unknown.length > 0) {
    throw new SetupError(
      `The tags ${unknown.map(shownWord).join(', ')} select no case. Use one of: ${[...known].sort().join(', ')}.`,
      'STREAMKAP_TAGS',
    );
  }
}
