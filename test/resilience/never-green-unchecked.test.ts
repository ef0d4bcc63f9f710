import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../support/run-cli';
import { type Environment, loadSettings, readEnvironment, SETTING_NAMES } from '../../src/settings';
import { SetupError } from '../../src/setup-error';

/** The setup error a layer of settings stops on, or undefined when it is accepted. */
function setupErrorOf(env: Environment): SetupError | undefined {
  try {
    loadSettings(env);
    return undefined;
  } catch (error) {
    if (error instanceof SetupError) return error;
    throw error;
  }
}

/** Each setting's name misspelt the ways people misspell a prefix: a transposition, a dropped letter, another case. */
const NEAR_MISSES: Array<[typed: string, meant: string]> = [
  ['STEAMKAP_BASE_URL', 'STREAMKAP_BASE_URL'],
  ['streamkap_base_url', 'STREAMKAP_BASE_URL'],
  ['STRAEMKAP_TOKEN', 'STREAMKAP_TOKEN'],
  ['Streamkap_Pipeline_Id', 'STREAMKAP_PIPELINE_ID'],
  ['STREAMCAP_CLIENT_ID', 'STREAMKAP_CLIENT_ID'],
  ['STREAM_KAP_SECRET', 'STREAMKAP_SECRET'],
  ['STREAMKAPBASE_URL', 'STREAMKAP_BASE_URL'],
  ...SETTING_NAMES.filter((name) => name.startsWith('STREAMKAP_')).map(
    (name) => [name.replace('STREAMKAP_', 'STREMKAP_'), name] as [string, string],
  ),
];

describe('a near-miss of the STREAMKAP_ prefix is an error with the likely spelling, never a silent embedded run', () => {
  test.each(NEAR_MISSES)('%s means %s', (typed, meant) => {
    const error = setupErrorOf({ [typed]: 'https://api.streamkap.invalid/api' });
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.setting).toBe(typed);
    expect(error?.message).toContain(`Did you mean ${meant}?`);
    // The value may be a secret: the message names the variable, never its value.
    expect(error?.message).not.toContain('streamkap.invalid');
  });

  test("the host's own variables, even alike in shape, are not ours to judge", () => {
    for (const name of ['STREAMLIT_SERVER_PORT', 'STREAM_ID', 'KAFKA_BROKERS', 'SKAFFOLD_PROFILE', 'STREAMER_MODE', 'TEAMCITY_VERSION']) {
      expect(setupErrorOf({ [name]: 'x' })).toBeUndefined();
    }
  });

  test('a misspelt prefix in .env stops the run with exit 2 before anything is sent', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dotenv-'));
    writeFileSync(join(cwd, '.env'), 'STEAMKAP_BASE_URL=https://api.streamkap.invalid/api\nSTREAMKAP_PIPELINE_ID=p1\n');
    const run = await runMain([], readEnvironment(cwd, {}));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Did you mean STREAMKAP_BASE_URL?');
  });
});

describe('under CI, a run with no target is no green night', () => {
  test('CI=true without STREAMKAP_BASE_URL stops with exit 2 naming STREAMKAP_BASE_URL, and --embedded or STREAMKAP_EMBEDDED asks for the embedded run', async () => {
    const missing = await runMain(['--tag', 'smoke'], { CI: 'true' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/STREAMKAP_BASE_URL is not set/);
    expect(missing.stderr).toMatch(/--embedded/);
    const byFlag = await runMain(['--tag', 'smoke', '--embedded'], { CI: 'true' });
    expect(byFlag.code).toBe(0);
    const bySetting = await runMain(['--tag', 'smoke'], { CI: 'true', STREAMKAP_EMBEDDED: 'true' });
    expect(bySetting.code).toBe(0);
  });

  test('CI=false or unset keeps the newcomer’s embedded run', async () => {
    expect((await runMain(['--tag', 'smoke'], { CI: 'false' })).code).toBe(0);
  });

  test('asking for the embedded run beside a target is a contradiction, named', () => {
    const error = setupErrorOf({
      STREAMKAP_EMBEDDED: 'true',
      STREAMKAP_BASE_URL: 'https://api.streamkap.invalid/api',
      STREAMKAP_TOKEN: 'token-that-is-never-sent-0001',
      STREAMKAP_PIPELINE_ID: '65f0c0ffee0000000000abcd',
    });
    expect(error?.setting).toBe('STREAMKAP_EMBEDDED');
  });
});
