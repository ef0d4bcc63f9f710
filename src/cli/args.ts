import { SetupError } from '../setup-error';
import { seedSetting } from '../settings';

export interface CliArgs {
  tags: string[];
  seed?: number;
  list: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run conformance -- [--tag TAG]... [--list] [--help]

  --tag TAG   run only the cases with this tag (repeat, or separate with commas;
              STREAMKAP_TAGS does the same; the flag wins)
  --list      print the cases that would run, and send nothing
  --help      print this text

Settings come from the environment and .env; see README.md or .env.example.
Exit codes: 0 all cases passed, 1 a contract failure, 2 a setting or set-up error, 3 the suite itself failed.`;

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { tags: [], list: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--list') args.list = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--seed' || arg.startsWith('--seed=')) {
      const value = arg === '--seed' ? argv[(i += 1)] : arg.slice('--seed='.length);
      args.seed = seedSetting(value?.trim() || undefined, '--seed') ?? Number.NaN;
      if (Number.isNaN(args.seed)) throw new SetupError('--seed needs the seed a previous run printed, as in --seed 1234.', '--seed');
    } else if (arg === '--tag' || arg.startsWith('--tag=')) {
      const value = arg === '--tag' ? argv[(i += 1)] : arg.slice('--tag='.length);
      if (value === undefined || value.trim() === '') throw new SetupError('--tag needs a tag, as in --tag smoke.', '--tag');
      args.tags.push(
        ...value
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== ''),
      );
    } else {
      throw new SetupError(`Unknown argument ${JSON.stringify(arg)}. Run npm run conformance -- --help for the options.`, arg);
    }
  }
  return args;
}
