/**
 * A setting error quotes the value it refuses, so a person sees what they set; a value pasted by
 * mistake (a file's contents, a whole response) is quoted by its start and its length, never whole.
 */
import { qualifySettings, SETTING_NAMES } from '../../src/settings';
import { readHistory } from '../../src/history/history-file';
import { readBaseline } from '../../src/reports/baseline';
import { SetupError } from '../../src/setup-error';
import { runMain } from '../support/run-cli';

const HUGE = 100_000;
/** Longer than any message with its values capped; far shorter than one value. */
const MAX_MESSAGE = 1_000;

/** Huge values of the shapes each reader refuses: words with spaces, paths, URLs with a query, a pasted metrics URL. */
const HUGE_VALUES = [
  'x '.repeat(HUGE / 2),
  'p/'.repeat(HUGE / 2),
  `https://${'h'.repeat(HUGE)}.example?q=1`,
  `https://h.example/${'a'.repeat(HUGE)}/pipelines/p/metrics`,
  `h.example/${'a'.repeat(HUGE)}`,
];

const refusal = (env: Record<string, string>): string | undefined => {
  try {
    qualifySettings({ env });
    return undefined;
  } catch (error) {
    if (error instanceof SetupError) return error.message;
    throw error;
  }
};

describe('a huge value is quoted capped in its error', () => {
  test.each(SETTING_NAMES.map((name) => [name]))('%s', (name) => {
    for (const value of HUGE_VALUES) {
      const message = refusal({
        STREAMKAP_BASE_URL: 'https://api.example',
        STREAMKAP_TOKEN: 't',
        STREAMKAP_PIPELINE_ID: 'p',
        [name]: value,
      });
      if (message !== undefined) expect(message.length).toBeLessThan(MAX_MESSAGE);
    }
  });

  test('the quote says how long the value is', () => {
    const message = refusal({ STREAMKAP_CONCURRENCY: 'x'.repeat(HUGE) }) ?? '';
    expect(message).toMatch(/^STREAMKAP_CONCURRENCY is "x{80}"… \(100,000 characters\), which is not a whole number/);
  });

  test.each([
    ['--case', ['--case', 'c'.repeat(HUGE)]],
    ['--tag', ['--tag', 't'.repeat(HUGE)]],
    ['an unknown argument', ['u'.repeat(HUGE)]],
    ['an unknown flag', [`--${'f'.repeat(HUGE)}`]],
  ])('%s', async (_what, argv) => {
    const run = await runMain(argv, {});
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeLessThan(MAX_MESSAGE);
  });
});

describe('a huge file setting is quoted capped when the file cannot be read', () => {
  const path = `/tmp/${'d/'.repeat(HUGE / 2)}summary.json`;
  const messageOf = (read: () => unknown): string => {
    try {
      read();
      return '';
    } catch (error) {
      return error instanceof SetupError ? error.message : String(error);
    }
  };

  test.each([
    ['STREAMKAP_BASELINE_REPORT', () => readBaseline(path)],
    ['STREAMKAP_HISTORY_FILE', () => readHistory(path)],
  ])('%s', (name, read) => {
    const message = messageOf(read);
    expect(message).toMatch(new RegExp(`^${name} is "/tmp/d/d/`));
    expect(message.length).toBeLessThan(MAX_MESSAGE);
  });
});
