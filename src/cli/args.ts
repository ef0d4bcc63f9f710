import { parseArgs as parseCommandLine } from 'node:util';
import { SetupError } from '../setup-error';
import type { Environment, FlagLayer, SettingName } from '../settings';
import { closestName } from '../settings/closest-name';
import { shownValue } from '../settings/shown-value';

/** What the command line says: a layer of settings that wins over the environment and .env, and what to do. */
export interface CliArgs {
  flags: FlagLayer;
  cases: string[];
  list: boolean;
  verbose: boolean;
  embedded: boolean;
  help: boolean;
  version: boolean;
}

/** The flags that take a value: the setting each stands in for (`--case` is none), and an example. */
const VALUE_FLAGS = {
  'base-url': { setting: 'STREAMKAP_BASE_URL', example: '--base-url https://api.streamkap.com' },
  pipeline: { setting: 'STREAMKAP_PIPELINE_IDS', example: '--pipeline 6650a1b2c3d4e5f6a7b8c9d0' },
  tag: { setting: 'STREAMKAP_TAGS', example: '--tag smoke' },
  case: { setting: undefined, example: '--case accept.defaults' },
  seed: { setting: 'STREAMKAP_SEED', example: '--seed 1234' },
} as const satisfies Record<string, { setting: SettingName | undefined; example: string }>;
type ValueFlag = keyof typeof VALUE_FLAGS;
const SWITCHES = ['list', 'verbose', 'help', 'version', 'embedded'] as const;
const FLAG_NAMES: readonly string[] = [...Object.keys(VALUE_FLAGS), ...SWITCHES];

const OPTIONS = {
  ...Object.fromEntries(Object.keys(VALUE_FLAGS).map((flag) => [flag, { type: 'string', multiple: true }] as const)),
  list: { type: 'boolean' },
  verbose: { type: 'boolean' },
  embedded: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export const USAGE = `Usage: npm run conformance -- [options]     (or: npx streamkap-conformance [options])

  --base-url URL   the API to check (STREAMKAP_BASE_URL)
  --pipeline ID    the pipeline to check, or several separated by commas (STREAMKAP_PIPELINE_ID)
  --tag TAG        run only the cases with this tag (repeat, or separate with commas; STREAMKAP_TAGS)
  --case ID        run exactly this case (repeat; every failure prints the command that reruns it)
  --seed N         replay the generated tier's requests of the run that printed this seed (STREAMKAP_SEED)
  --embedded       check the embedded reference server (the default, but under CI it must be asked for; STREAMKAP_EMBEDDED)
  --list           print the cases that would run, and send nothing
  --verbose        print every case as it finishes (by default: the causes, and failed cases when few)
  --version        print the version
  --help           print this text

A flag wins over its environment variable. Other settings come from the environment and .env;
see README.md or .env.example. With npm, put the flags after --, as above.
Exit codes: 0 passed, 1 a contract failure, 2 could not check, 3 a bug in the suite,
4 inconclusive (some cases could not be judged), 129/130/143 interrupted.`;

function unknownArgument(arg: string): SetupError {
  const meant = closestName(arg.replace(/^-+/, '').split('=')[0] ?? '', FLAG_NAMES);
  return new SetupError(
    `Unknown argument ${shownValue(arg)}.${meant ? ` Did you mean --${meant}?` : ''} Run with --help for the options.`,
    arg,
  );
}

const isValueFlag = (name: string): name is ValueFlag => Object.hasOwn(VALUE_FLAGS, name);

/**
 * The command line, read by node:util's parseArgs (non-strict, so that every token can be judged
 * here): an unknown flag gets the likely spelling, a value flag without its value the example.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const { tokens } = parseCommandLine({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const args: CliArgs = { flags: {}, cases: [], list: false, verbose: false, embedded: false, help: false, version: false };
  const values = new Map<ValueFlag, string[]>();
  for (const token of tokens) {
    if (token.kind === 'positional') throw unknownArgument(token.value);
    if (token.kind !== 'option') throw unknownArgument('--');
    const { name, rawName, value, inlineValue } = token;
    if ((SWITCHES as readonly string[]).includes(name) && value === undefined) {
      args[name as (typeof SWITCHES)[number]] = true;
      continue;
    }
    if (!isValueFlag(name) || rawName !== `--${name}`) throw unknownArgument(value === undefined ? rawName : `${rawName}=${value}`);
    // A flag followed by another flag lost its value: `--base-url --list`.
    if (value === undefined || value.trim() === '' || (!inlineValue && value.startsWith('--'))) {
      throw new SetupError(`--${name} needs a value, as in ${VALUE_FLAGS[name].example}.`, `--${name}`);
    }
    values.set(name, [...(values.get(name) ?? []), value.trim()]);
  }
  // A switch that stands in for a setting: the embedded run asked for explicitly.
  if (args.embedded) args.flags.STREAMKAP_EMBEDDED = 'true';
  for (const [flag, given] of values) {
    const setting = VALUE_FLAGS[flag].setting;
    // Repeats add up, as commas do; a seed or a base URL given twice keeps the last.
    if (setting === undefined)
      args.cases.push(
        ...given
          .flatMap((value) => value.split(','))
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      );
    else args.flags[setting] = setting === 'STREAMKAP_BASE_URL' || setting === 'STREAMKAP_SEED' ? given.at(-1) : given.join(',');
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
