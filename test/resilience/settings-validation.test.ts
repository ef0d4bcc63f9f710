import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleTo } from '../support/console-capture';
import { runMain } from '../support/run-cli';
import { main } from '../../src/cli/main';
import { type Environment, loadSettings, readEnvironment, qualifySettings, redactorFor, SETTING_NAMES } from '../../src/settings';
import { SetupError } from '../../src/setup-error';

/**
 * A remote target with everything it needs; each row breaks one thing. Its host is under .invalid,
 * which never resolves (and the client never asks a resolver about): a missed check sends nothing.
 */
const REMOTE: Environment = {
  STREAMKAP_BASE_URL: 'https://api.streamkap.invalid/api',
  STREAMKAP_TOKEN: 'token-that-is-never-sent-0001',
  STREAMKAP_PIPELINE_ID: '65f0c0ffee0000000000abcd',
};
const SECRET = 'client-secret-that-must-not-print-7f3a';

function setupErrorFrom(env: Environment): SetupError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SetupError) return error;
    throw error;
  }
  throw new Error(`loadSettings accepted ${JSON.stringify(env)}`);
}

/** [what, environment, setting named, value shown (undefined: none to show), words of the fix] */
const BAD: Array<[string, Environment, string, string | undefined, RegExp]> = [
  [
    'a malformed base URL',
    { ...REMOTE, STREAMKAP_BASE_URL: 'https//api.streamkap.invalid' },
    'STREAMKAP_BASE_URL',
    'https//api.streamkap.invalid',
    /Set it to an absolute http\(s\) URL/,
  ],
  [
    'a base URL without a scheme',
    { ...REMOTE, STREAMKAP_BASE_URL: 'api.streamkap.invalid' },
    'STREAMKAP_BASE_URL',
    'api.streamkap.invalid',
    /Set it to an absolute http\(s\) URL/,
  ],
  [
    'an ftp base URL',
    { ...REMOTE, STREAMKAP_BASE_URL: 'ftp://api.streamkap.invalid' },
    'STREAMKAP_BASE_URL',
    'ftp://api.streamkap.invalid',
    /Set it to an http\(s\) URL/,
  ],
  [
    'a file base URL',
    { ...REMOTE, STREAMKAP_BASE_URL: 'file:///etc/hosts' },
    'STREAMKAP_BASE_URL',
    'file:///etc/hosts',
    /Set it to an http\(s\) URL/,
  ],
  [
    'a websocket token URL',
    { ...REMOTE, STREAMKAP_TOKEN_URL: 'ws://api.streamkap.invalid/auth' },
    'STREAMKAP_TOKEN_URL',
    'ws://api.streamkap.invalid/auth',
    /Set it to an http\(s\) URL/,
  ],
  [
    'a non-numeric timeout',
    { ...REMOTE, STREAMKAP_TIMEOUT_MS: 'ten' },
    'STREAMKAP_TIMEOUT_MS',
    'ten',
    /Set it to such a number, or unset it for the default \(10000\)/,
  ],
  ['a timeout with a unit', { ...REMOTE, STREAMKAP_TIMEOUT_MS: '10s' }, 'STREAMKAP_TIMEOUT_MS', '10s', /unset it for the default/],
  ['a zero timeout', { ...REMOTE, STREAMKAP_TIMEOUT_MS: '0' }, 'STREAMKAP_TIMEOUT_MS', '0', /whole number from 1 to 600000/],
  ['a negative timeout', { ...REMOTE, STREAMKAP_TIMEOUT_MS: '-5' }, 'STREAMKAP_TIMEOUT_MS', '-5', /whole number from 1/],
  ['a fractional timeout', { ...REMOTE, STREAMKAP_TIMEOUT_MS: '2.5' }, 'STREAMKAP_TIMEOUT_MS', '2.5', /whole number/],
  [
    'a timeout beyond what timers hold',
    { ...REMOTE, STREAMKAP_TIMEOUT_MS: '9999999999' },
    'STREAMKAP_TIMEOUT_MS',
    '9999999999',
    /to 600000/,
  ],
  ['a zero concurrency', { ...REMOTE, STREAMKAP_CONCURRENCY: '0' }, 'STREAMKAP_CONCURRENCY', '0', /unset it for the default \(4\)/],
  [
    'a non-numeric concurrency',
    { ...REMOTE, STREAMKAP_CONCURRENCY: 'four' },
    'STREAMKAP_CONCURRENCY',
    'four',
    /whole number from 1 to 100/,
  ],
  ['a negative concurrency', { ...REMOTE, STREAMKAP_CONCURRENCY: '-2' }, 'STREAMKAP_CONCURRENCY', '-2', /whole number/],
  ['a zero rate', { ...REMOTE, STREAMKAP_MAX_RPS: '0' }, 'STREAMKAP_MAX_RPS', '0', /unset it for the default \(10\)/],
  ['a negative rate', { ...REMOTE, STREAMKAP_MAX_RPS: '-1' }, 'STREAMKAP_MAX_RPS', '-1', /a number of at least 0.01/],
  ['a non-numeric rate', { ...REMOTE, STREAMKAP_MAX_RPS: 'fast' }, 'STREAMKAP_MAX_RPS', 'fast', /Set it to such a number/],
  ['a negative retry count', { ...REMOTE, STREAMKAP_RETRIES: '-1' }, 'STREAMKAP_RETRIES', '-1', /whole number from 0 to 10/],
  ['a retry count without end', { ...REMOTE, STREAMKAP_RETRIES: '1000' }, 'STREAMKAP_RETRIES', '1000', /unset it for the default \(3\)/],
  [
    'a base URL without a pipeline id',
    { ...REMOTE, STREAMKAP_PIPELINE_ID: undefined },
    'STREAMKAP_PIPELINE_ID',
    undefined,
    /Set STREAMKAP_PIPELINE_ID to the id of an existing pipeline/,
  ],
  [
    'a remote target without credentials',
    { ...REMOTE, STREAMKAP_TOKEN: '' },
    'STREAMKAP_TOKEN',
    undefined,
    /Set STREAMKAP_TOKEN to a bearer access token, or STREAMKAP_CLIENT_ID and STREAMKAP_SECRET/,
  ],
  [
    'a client id without its secret',
    { ...REMOTE, STREAMKAP_TOKEN: undefined, STREAMKAP_CLIENT_ID: 'client-1234' },
    'STREAMKAP_SECRET',
    undefined,
    /set the missing one, or unset both and use STREAMKAP_TOKEN/,
  ],
  [
    'a secret without its client id',
    { ...REMOTE, STREAMKAP_TOKEN: undefined, STREAMKAP_SECRET: SECRET },
    'STREAMKAP_CLIENT_ID',
    undefined,
    /set the missing one/,
  ],
];

test.each(BAD)('%s is refused up front, naming the setting, the value and the fix', (_what, env, setting, shown, fix) => {
  const error = setupErrorFrom(env);
  expect(error.setting).toBe(setting);
  expect(error.message).toContain(setting);
  if (shown !== undefined) expect(error.message).toContain(JSON.stringify(shown));
  expect(error.message).toMatch(fix);
  // Secrets are named, never shown.
  for (const secret of [SECRET, REMOTE.STREAMKAP_TOKEN as string]) expect(error.message).not.toContain(secret);
});

test.each<[string, Environment, string, RegExp]>([
  [
    'a token pasted with its scheme',
    { ...REMOTE, STREAMKAP_TOKEN: 'Bearer token-that-is-never-sent-0001' },
    'STREAMKAP_TOKEN',
    /Remove the leading "Bearer ": the suite adds it/,
  ],
  [
    'a token with a space in it',
    { ...REMOTE, STREAMKAP_TOKEN: 'token-that-is never-sent-0001' },
    'STREAMKAP_TOKEN',
    /Set it to the access token alone/,
  ],
  [
    'a limited token that is not ASCII',
    { ...REMOTE, STREAMKAP_LIMITED_TOKEN: 'token-that-is-never-sent-ü001' },
    'STREAMKAP_LIMITED_TOKEN',
    /characters a bearer token cannot have/,
  ],
])('%s is refused up front, naming the setting but never showing it', (_what, env, setting, fix) => {
  const error = setupErrorFrom(env);
  expect(error.setting).toBe(setting);
  expect(error.message).toMatch(fix);
  expect(error.message).not.toContain('never-sent');
});

test.each<[string, string, string]>([
  [
    'credentials in a URL that does not parse',
    'https://user:hunter2-secret@api.streamkap .invalid',
    '"https://(credentials hidden)@api.streamkap .invalid"',
  ],
  ['a key in the query', 'https://api.streamkap.invalid/api?api_key=hunter2-secret', '"https://api.streamkap.invalid/api?(hidden)"'],
  [
    'credentials under a wrong scheme',
    'ftp://user:hunter2-secret@api.streamkap.invalid',
    '"ftp://(credentials hidden)@api.streamkap.invalid"',
  ],
])('a bad URL with %s is quoted without them', (_what, url, quoted) => {
  const error = setupErrorFrom({ ...REMOTE, STREAMKAP_BASE_URL: url });
  expect(error.message).toContain(quoted);
  expect(error.message).not.toContain('hunter2');
});

test('the defaults: 10 s timeout, 4 at once, 10 a second, 3 retries', () => {
  expect(loadSettings({})).toMatchObject({ timeoutMs: 10_000, concurrency: 4, maxRps: 10, retries: 3 });
});

test('good values pass: fractional rates, zero retries, the largest timeout', () => {
  expect(loadSettings({ ...REMOTE, STREAMKAP_MAX_RPS: '2.5', STREAMKAP_RETRIES: '0', STREAMKAP_TIMEOUT_MS: '600000' })).toMatchObject({
    maxRps: 2.5,
    retries: 0,
    timeoutMs: 600_000,
  });
});

describe('through the CLI', () => {
  test.each<[string, Environment, RegExp]>([
    [
      'a non-http scheme',
      { ...REMOTE, STREAMKAP_BASE_URL: 'ftp://api.streamkap.invalid' },
      /^streamkap-conformance: STREAMKAP_BASE_URL is "ftp:\/\/api.streamkap.invalid", whose scheme ftp: is not http or https\. Set it to an http\(s\) URL/,
    ],
    [
      'half of the client credentials',
      { ...REMOTE, STREAMKAP_TOKEN: undefined, STREAMKAP_SECRET: SECRET },
      /^streamkap-conformance: STREAMKAP_CLIENT_ID is not set, but its partner is\./,
    ],
    [
      'a mistyped tag beside a good one',
      { ...REMOTE, STREAMKAP_TAGS: 'smoke,atuh' },
      /^streamkap-conformance: The tags atuh select no case\. Use one of: .*\bauth\b/,
    ],
    [
      'a reports folder under a file',
      { ...REMOTE, STREAMKAP_REPORTS_DIR: __filename + '/reports' },
      /^streamkap-conformance: STREAMKAP_REPORTS_DIR is ".*", where the reports cannot be written \(ENOTDIR\)\. Set it to a folder/,
    ],
  ])('%s: exit 2 with one message, before anything is sent', async (_what, env, message) => {
    const errors: string[] = [];
    const printed: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
    try {
      expect(
        await main(
          [],
          env,
          consoleTo((line) => printed.push(line)),
        ),
      ).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).not.toContain(SECRET);
    expect(printed).toEqual([]);
  });
});

describe('a setting is never silently ignored', () => {
  test.each<[string, Environment, string]>([
    ['a pipeline id that is a dot segment', { ...REMOTE, STREAMKAP_PIPELINE_ID: '..' }, 'STREAMKAP_PIPELINE_ID'],
    ['a pipeline id of one dot', { ...REMOTE, STREAMKAP_PIPELINE_ID: '.' }, 'STREAMKAP_PIPELINE_ID'],
    ['a pipeline id with a slash', { ...REMOTE, STREAMKAP_PIPELINE_ID: 'abc/../x' }, 'STREAMKAP_PIPELINE_ID'],
    [
      'a dot segment among several pipelines',
      { ...REMOTE, STREAMKAP_PIPELINE_ID: undefined, STREAMKAP_PIPELINE_IDS: 'p1,..' },
      'STREAMKAP_PIPELINE_IDS',
    ],
    ['a missing pipeline id with a slash', { ...REMOTE, STREAMKAP_MISSING_PIPELINE_ID: '../metrics' }, 'STREAMKAP_MISSING_PIPELINE_ID'],
    ['an unknown STREAMKAP_ name', { ...REMOTE, STREAMKAP_DRIFTS: 'fail' }, 'STREAMKAP_DRIFTS'],
  ])('%s is a setting error naming the setting', (_what, env, setting) => {
    const error = setupErrorFrom(env);
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
  });

  test('the unknown name comes with the likely spelling; other variables, and empty ones, are left alone', () => {
    expect(setupErrorFrom({ ...REMOTE, STREAMKAP_DRIFTS: 'fail' }).message).toContain('Did you mean STREAMKAP_DRIFT?');
    expect(setupErrorFrom({ ...REMOTE, STREAMKAP_MAX_RESPONSE: '5' }).message).toContain('Did you mean STREAMKAP_MAX_RESPONSE_MS?');
    expect(loadSettings({ ...REMOTE, HOME: '/root', GITHUB_TOKEN: 'x', STREAMKAP_OLD_SETTING: '' }).baseUrl).toBe(
      REMOTE.STREAMKAP_BASE_URL,
    );
  });

  test('--pipeline with a dot segment names the flag', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
    try {
      expect(await main(['--pipeline', '..', '--list'], REMOTE, consoleTo())).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toMatch(/--pipeline names the pipeline "\.\.", which is a dot segment/);
  });

  /** The CLI in a folder whose .env holds these lines: what it reads there, run in this process. */
  async function withDotenv(lines: string[]) {
    const cwd = mkdtempSync(join(tmpdir(), 'dotenv-'));
    writeFileSync(join(cwd, '.env'), `${lines.join('\n')}\n`);
    return runMain(['--tag', 'smoke'], readEnvironment(cwd, {}));
  }

  test('an unknown name in .env stops the run with exit 2 and the likely spelling', async () => {
    const run = await withDotenv(['# nightly', 'STREAMKAP_DRIFTS=fail', '']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('STREAMKAP_DRIFTS is set, but it is no setting of this suite');
    expect(run.stderr).toContain('Did you mean STREAMKAP_DRIFT?');
  });

  test('a .env line without "=" stops the run with exit 2 and the right spelling, never showing the line', async () => {
    const run = await withDotenv(['STREAMKAP_DRIFT=warn', 'STREAMKAP_MAX_RESPONSE_MS 5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Line 2 of .*\.env is neither NAME=value, a comment nor blank/);
    expect(run.stderr).toContain('Write it as STREAMKAP_MAX_RESPONSE_MS=<value>');
    const secret = await withDotenv(['STREAMKAP_TOKEN hunter2-token-value']);
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain('Write it as STREAMKAP_TOKEN=<value>');
    expect(secret.stderr).not.toContain('hunter2');
  });

  test('comments, blanks, export and a quoted value over several lines are read as dotenv reads them', async () => {
    const run = await withDotenv([
      '# a comment',
      '',
      'export STREAMKAP_DRIFT=warn',
      'STREAMKAP_TAGS="smoke',
      '"',
      'STREAMKAP_PROGRESS_S=5',
    ]);
    expect(run.stderr).not.toContain('streamkap-conformance:');
    expect(run.code).toBe(0);
  });
});

describe('the flags are a layer over the environment', () => {
  test('a flag wins over its variable, and --pipeline over both pipeline variables; the environment object is untouched', () => {
    const env: Environment = { ...REMOTE, STREAMKAP_SEED: '1', STREAMKAP_TAGS: 'auth' };
    const settings = qualifySettings({
      env,
      flags: { STREAMKAP_PIPELINE_IDS: 'p1,p2', STREAMKAP_SEED: '7', STREAMKAP_TAGS: 'smoke' },
    });
    expect(settings).toMatchObject({ pipelineIds: ['p1', 'p2'], pipelineId: 'p1', seed: 7, tags: ['smoke'] });
    expect(env.STREAMKAP_PIPELINE_ID).toBe(REMOTE.STREAMKAP_PIPELINE_ID);
  });

  test('a bad flag value names the flag, not the variable', () => {
    let error: unknown;
    try {
      qualifySettings({ env: REMOTE, flags: { STREAMKAP_SEED: 'tomorrow' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SetupError);
    expect((error as SetupError).setting).toBe('--seed');
  });

  test('defaults are filled once, the generated budget by the target', () => {
    expect(loadSettings({}).generatedRequests).toBe(200);
    expect(loadSettings(REMOTE).generatedRequests).toBe(2000);
    expect(loadSettings(REMOTE)).toMatchObject({
      tokenUrl: `${REMOTE.STREAMKAP_BASE_URL}/auth/access-token`,
      liveSpecUrl: `${REMOTE.STREAMKAP_BASE_URL}/openapi.json`,
    });
  });

  test('the redaction list is the secret settings of the table', () => {
    const env = Object.fromEntries(SETTING_NAMES.map((name, i) => [name, `value-of-setting-${i}-xyz`]));
    const redacted = redactorFor(env).redact(Object.values(env).join(' '));
    for (const name of [
      'STREAMKAP_TOKEN',
      'STREAMKAP_SECRET',
      'STREAMKAP_CLIENT_ID',
      'STREAMKAP_LIMITED_TOKEN',
      'STREAMKAP_LIMITED_SECRET',
      'STREAMKAP_LIMITED_CLIENT_ID',
    ]) {
      expect(redacted).toContain(`$${name}`);
    }
    expect(redacted).toContain(env.STREAMKAP_BASE_URL);
  });
});
