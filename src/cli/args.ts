import { SetupError } from '../setup-error';
import { seedSetting, type Environment } from '../settings';

/** What the command line says; flags win over the environment and .env. */
export interface CliArgs {
  baseUrl?: string;
  pipelines: string[];
  tags: string[];
  cases: string[];
  seed?: number;
  list: boolean;
  verbose: boolean;
  help: boolean;
  version: boolean;
}

type ValueFlag = 'base-url' | 'pipeline' | 'tag' | 'case' | 'seed';
type SwitchFlag = 'list' | 'verbose' | 'help' | 'version';

const VALUE_FLAGS: Record<ValueFlag, { example: string }> = {
  'base-url': { example: '--base-url https://api.streamkap.com' },
  pipeline: { example: '--pipeline 6650a1b2c3d4e5f6a7b8c9d0' },
  tag: { example: '--tag smoke' },
  case: { example: '--case accept.defaults' },
  seed: { example: '--seed 1234' },
};
const SWITCHES: readonly SwitchFlag[] = ['list', 'verbose', 'help', 'version'];
const FLAG_NAMES = [...Object.keys(VALUE_FLAGS), ...SWITCHES];

export const USAGE = `Usage: npm run conformance -- [options]     (or: npx streamkap-conformance [options])

  --base-url URL   the API to check (STREAMKAP_BASE_URL)
  --pipeline ID    the pipeline to check, or several separated by commas (STREAMKAP_PIPELINE_ID)
  --tag TAG        run only the cases with this tag (repeat, or separate with commas; STREAMKAP_TAGS)
  --case ID        run exactly this case (repeat; every failure prints the command that reruns it)
  --seed N         replay the generated tier's requests of the run that printed this seed (STREAMKAP_SEED)
  --list           print the cases that would run, and send nothing
  --verbose        print every case as it finishes (by default: the causes, and failed cases when few)
  --version        print the version
  --help           print this text

A flag wins over its environment variable. Other settings come from the environment and .env;
see README.md or .env.example. With npm, put the flags after --, as above.
Exit codes: 0 passed, 1 a contract failure, 2 could not check, 3 a bug in the suite,
4 inconclusive (some cases could not be judged), 130/143 interrupted.`;

/** The flag a mistyped one most likely meant: the known flag with the fewest edits, when it is close. */
function closestFlag(typed: string): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      let previous = row[0] as number;
      row[0] = i;
      for (let j = 1; j <= b.length; j += 1) {
        const kept = row[j] as number;
        row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = kept;
      }
    }
    return row[b.length] as number;
  };
  const name = typed.replace(/^-+/, '').split('=')[0] ?? '';
  const best = FLAG_NAMES.map((flag) => ({ flag, d: distance(name, flag) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(name.length / 3)) ? `--${best.flag}` : undefined;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { pipelines: [], tags: [], cases: [], list: false, verbose: false, help: false, version: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      args.help = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    if (name !== undefined && (SWITCHES as readonly string[]).includes(name) && match?.[2] === undefined) {
      args[name as SwitchFlag] = true;
      continue;
    }
    if (name === undefined || !(name in VALUE_FLAGS)) {
      const meant = closestFlag(arg);
      throw new SetupError(
        `Unknown argument ${JSON.stringify(arg)}.${meant ? ` Did you mean ${meant}?` : ''} Run with --help for the options.`,
        arg,
      );
    }
    const flag = name as ValueFlag;
    const value = match?.[2] ?? argv[(i += 1)];
    if (value === undefined || value.trim() === '' || (match?.[2] === undefined && value.startsWith('--'))) {
      throw new SetupError(`--${flag} needs a value, as in ${VALUE_FLAGS[flag].example}.`, `--${flag}`);
    }
    if (flag === 'base-url') args.baseUrl = value.trim();
    else if (flag === 'pipeline') args.pipelines.push(...list(value));
    else if (flag === 'tag') args.tags.push(...list(value));
    else if (flag === 'case') args.cases.push(...list(value));
    else args.seed = seedSetting(value.trim(), '--seed');
  }
  return args;
}

/**
 * `npm run conformance --list` (without `--`) hands the flag to npm, which keeps it as
 * npm_config_list and runs the script without it: a run that sends everything instead of
 * listing. Such a flag stops the run with the right spelling.
 */
export function swallowedByNpm(env: Environment): string | undefined {
  const swallowed = FLAG_NAMES.filter((flag) => {
    const raw = env[`npm_config_${flag.replace(/-/g, '_')}`];
    return raw !== undefined && raw !== '';
  });
  if (swallowed.length === 0) return undefined;
  const flags = swallowed.map((flag) => `--${flag}`).join(' ');
  return `npm kept ${flags} for itself instead of passing it on: with npm run, flags go after --. Run npm run conformance -- ${flags} ... (or npx streamkap-conformance ${flags} ...).`;
}
