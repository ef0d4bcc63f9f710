/**
 * .github/workflows/conformance.yml: actionlint finds nothing wrong with it, it has the nightly,
 * manual and pre-release triggers, it runs what the README says, it always uploads the reports,
 * every name in its expressions and scripts is one that exists (a misspelt STREAMKAP_ variable
 * or matrix key would be silently empty in CI), and the scripts it runs (the targets, the run's
 * deadline, the summary of a run without a report) are run here as the workflow runs them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SETTING_NAMES } from '../src/settings';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  if?: string;
  permissions?: Record<string, string>;
  'timeout-minutes'?: number | string;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  needs?: string | string[];
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: {
    schedule?: Array<{ cron: string }>;
    workflow_dispatch?: { inputs?: Record<string, { required?: boolean; type?: string; default?: unknown }> };
    workflow_call?: {
      inputs?: Record<string, { required?: boolean; type?: string; default?: unknown }>;
      secrets?: Record<string, { required?: boolean }>;
    };
  };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Repository variables the workflow reads that are no setting of the suite. */
const WORKFLOW_VARIABLES = ['STREAMKAP_TARGETS'];

const WORKFLOW_FILE = join(__dirname, '..', '.github', 'workflows', 'conformance.yml');
const text = readFileSync(WORKFLOW_FILE, 'utf8');
const workflow = parse(text) as Workflow;
const targetsJob = workflow.jobs.targets as Job;
const conformanceJob = workflow.jobs.conformance as Job;
const steps = conformanceJob.steps;
const jobEnv = conformanceJob.env ?? {};
const targetsStep = targetsJob.steps.find((step) => step.id === 'targets') as Step;

test('every STREAMKAP_ name in the workflow is a setting the suite reads', () => {
  const named = [...new Set(text.match(/STREAMKAP_[A-Z_]+/g) ?? [])];
  expect(named.length).toBeGreaterThan(5);
  const known: readonly string[] = [...SETTING_NAMES, ...WORKFLOW_VARIABLES];
  expect(named.filter((name) => !known.includes(name))).toEqual([]);
});

test('a nightly schedule, a manual dispatch and a reusable call for pre-release gates', () => {
  const cron = workflow.on.schedule?.[0]?.cron ?? '';
  expect(cron.trim().split(/\s+/)).toHaveLength(5);
  expect(cron).toMatch(/^\d+ \d+ \* \* \*$/); // once a day
  expect(workflow.on.workflow_dispatch?.inputs?.targets).toMatchObject({ required: false, type: 'string', default: '' });
  const call = workflow.on.workflow_call;
  expect(call?.inputs?.base_url).toMatchObject({ required: true, type: 'string' });
  expect(call?.inputs?.tags).toMatchObject({ type: 'string', default: 'smoke' });
  // Secrets come in from the caller; none is required, since a token or client credentials will do.
  expect(Object.keys(call?.secrets ?? {}).sort()).toEqual([
    'STREAMKAP_CLIENT_ID',
    'STREAMKAP_LIMITED_CLIENT_ID',
    'STREAMKAP_LIMITED_SECRET',
    'STREAMKAP_LIMITED_TOKEN',
    'STREAMKAP_PIPELINE_ID',
    'STREAMKAP_PUSHGATEWAY_URL',
    'STREAMKAP_SECRET',
    'STREAMKAP_TOKEN',
    'SUITE_CHECKOUT_TOKEN',
  ]);
  expect(Object.values(call?.secrets ?? {}).every((secret) => secret.required === false)).toBe(true);
});

test('one job per target, independent of the others, from the targets job', () => {
  expect(conformanceJob.needs).toBe('targets');
  expect(conformanceJob.strategy?.['fail-fast']).toBe(false);
  expect(conformanceJob.strategy?.matrix).toEqual({ target: '${{ fromJSON(needs.targets.outputs.targets) }}' });
  expect(targetsJob.outputs?.targets).toBe('${{ steps.targets.outputs.targets }}');
  expect(conformanceJob.name).toContain('${{ matrix.target.name }}');
});

test("credentials come from the secrets each target names, the target's URL and pipelines from the matrix", () => {
  const secretKeys: Record<string, string> = {
    STREAMKAP_TOKEN: 'token_secret',
    STREAMKAP_CLIENT_ID: 'client_id_secret',
    STREAMKAP_SECRET: 'secret_secret',
    STREAMKAP_LIMITED_TOKEN: 'limited_token_secret',
    STREAMKAP_LIMITED_CLIENT_ID: 'limited_client_id_secret',
    STREAMKAP_LIMITED_SECRET: 'limited_secret_secret',
  };
  for (const [name, key] of Object.entries(secretKeys)) expect(jobEnv[name]).toBe(`\${{ secrets[matrix.target.${key}] }}`);
  expect(jobEnv.STREAMKAP_PIPELINE_ID).toBe(
    "${{ !matrix.target.pipeline_ids && (inputs.pipeline_id || secrets[matrix.target.pipeline_id_secret]) || '' }}",
  );
  expect(jobEnv.STREAMKAP_PIPELINE_IDS).toBe('${{ matrix.target.pipeline_ids }}');
  expect(jobEnv.STREAMKAP_BASE_URL).toBe('${{ matrix.target.base_url }}');
  expect(jobEnv.STREAMKAP_TAGS).toBe('${{ inputs.tags }}');
  // The targets step reads the gate's URL, the manual input, the variable and production's default.
  expect(targetsStep.env).toEqual({
    TARGETS_INPUT: '${{ inputs.targets }}',
    TARGETS_VARIABLE: '${{ vars.STREAMKAP_TARGETS }}',
    DEFAULT_BASE_URL: "${{ vars.STREAMKAP_BASE_URL || 'https://api.streamkap.com' }}",
    GATE_BASE_URL: '${{ inputs.base_url }}',
    GATE_ARTIFACT_NAME: '${{ inputs.artifact_name }}',
  });
  // No secret value is ever put into the matrix or an output, only names.
  expect(JSON.stringify(targetsJob)).not.toMatch(/secrets\./);
});

test('it installs with npm ci and runs npm run conformance', () => {
  const runs = steps.map((step) => step.run ?? '');
  const install = runs.findIndex((run) => /^npm ci\b/m.test(run));
  const conformance = runs.findIndex((run) => /^\s*npm run conformance( &)?\s*$/m.test(run));
  expect(install).toBeGreaterThanOrEqual(0);
  expect(conformance).toBeGreaterThan(install);
});

test("reports/ is uploaded under the target's own name even when the run fails, and the step summary is written", () => {
  const conformance = steps.findIndex((step) => /npm run conformance/.test(step.run ?? ''));
  const upload = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
  expect(upload).toBeGreaterThan(conformance);
  expect(steps[upload]?.if).toBe('always()');
  // The top level is the run's reports; its own folder under runs/ would only repeat them.
  expect(steps[upload]?.with?.path).toBe('reports/\n!reports/runs/\n');
  expect(steps[upload]?.with?.name).toBe('${{ matrix.target.artifact }}');
  expect(jobEnv.STREAMKAP_REPORTS_DIR).toBe('reports');
  // The suite appends summary.md to $GITHUB_STEP_SUMMARY; a run that stops early gets a line anyway.
  expect(steps.some((step) => step.if?.startsWith('always()') && /GITHUB_STEP_SUMMARY/.test(step.run ?? ''))).toBe(true);
});

test("each target's history is restored before the run and saved after it, on its own cache key, never for a gate", () => {
  const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
  const conformance = steps.findIndex((step) => /npm run conformance/.test(step.run ?? ''));
  const save = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save@'));
  expect(restore).toBeGreaterThanOrEqual(0);
  expect(restore).toBeLessThan(conformance);
  expect(save).toBeGreaterThan(conformance);
  expect(steps[save]?.if).toMatch(/^always\(\) && github\.event_name == 'schedule' && env\.KEEP_HISTORY == 'true'/);
  expect(steps[restore]?.if).toBe("env.KEEP_HISTORY == 'true'");
  expect(jobEnv.KEEP_HISTORY).toBe('${{ !inputs.base_url }}');
  expect(steps[restore]?.with?.path).toBe(steps[save]?.with?.path);
  // The history file lives in the cached directory.
  expect(jobEnv.STREAMKAP_HISTORY_FILE).toBe(`\${{ !inputs.base_url && '${String(steps[save]?.with?.path)}/history.json' || '' }}`);
  expect(steps[save]?.if).toContain(`hashFiles('${String(steps[save]?.with?.path)}/history.json')`);
  // Per target: the key names it and ends the name with a separator, so "prod" never restores "prod-eu".
  const prefix = String(steps[restore]?.with?.['restore-keys']);
  expect(prefix).toBe('conformance-history/${{ matrix.target.name }}/');
  expect(String(steps[save]?.with?.key)).toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(steps[restore]?.with?.key).toBe(steps[save]?.with?.key);
  // A secret, never a variable: the URL may carry user:password.
  expect(jobEnv.STREAMKAP_PUSHGATEWAY_URL).toBe("${{ !inputs.base_url && secrets.STREAMKAP_PUSHGATEWAY_URL || '' }}");
  expect(text).not.toMatch(/vars\.STREAMKAP_PUSHGATEWAY_URL/);
});

describe('the targets script, run as the workflow runs it (shell: node)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-targets-'));
    writeFileSync(join(dir, 'targets.js'), targetsStep.run ?? '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the step with these inputs; its matrix output, or the error annotation it stopped with. */
  function readTargets(inputs: Record<string, string>): { targets?: Array<Record<string, string | number>>; error?: string } {
    const output = join(dir, `output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(output, '');
    expect(targetsStep.shell).toBe('node {0}');
    const result = spawnSync(process.execPath, [join(dir, 'targets.js')], {
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, DEFAULT_BASE_URL: 'https://api.streamkap.com', ...inputs },
      encoding: 'utf8',
      timeout: 10_000,
    });
    const error = /^::error title=Conformance targets::(.*)$/m.exec(result.stdout)?.[1];
    if (result.status !== 0) return { error: error ?? `exit ${result.status}: ${result.stderr}` };
    const line = readFileSync(output, 'utf8').trim();
    expect(line.startsWith('targets=')).toBe(true);
    return { targets: JSON.parse(line.slice('targets='.length)) as Array<Record<string, string | number>> };
  }

  const defaults = {
    timeout_minutes: 45,
    token_secret: 'STREAMKAP_TOKEN',
    client_id_secret: 'STREAMKAP_CLIENT_ID',
    secret_secret: 'STREAMKAP_SECRET',
    limited_token_secret: 'STREAMKAP_LIMITED_TOKEN',
    limited_client_id_secret: 'STREAMKAP_LIMITED_CLIENT_ID',
    limited_secret_secret: 'STREAMKAP_LIMITED_SECRET',
    pipeline_id_secret: 'STREAMKAP_PIPELINE_ID',
  };

  test('nothing given: production alone, with the STREAMKAP_ secrets', () => {
    expect(readTargets({})).toEqual({
      targets: [
        {
          name: 'production',
          base_url: 'https://api.streamkap.com',
          pipeline_ids: '',
          ...defaults,
          artifact: 'conformance-reports-production',
        },
      ],
    });
  });

  test('a list from the repository variable: names unique, secrets by name, pipelines as one comma-separated setting', () => {
    const list = [
      { name: 'production', base_url: 'https://api.streamkap.com' },
      {
        name: 'staging-eu',
        base_url: 'https://staging-eu.example.com/api',
        pipeline_ids: ['p1', ' p2 '],
        token_secret: 'STAGING_EU_TOKEN',
        limited_token_secret: 'STAGING_EU_LIMITED',
      },
      {
        name: 'staging-us',
        base_url: 'https://staging-us.example.com',
        pipeline_ids: 'p3,p4',
        client_id_secret: 'US_ID',
        secret_secret: 'US_SECRET',
      },
    ];
    const { targets } = readTargets({ TARGETS_VARIABLE: JSON.stringify(list) });
    expect(targets?.map((t) => t.name)).toEqual(['production', 'staging-eu', 'staging-us']);
    expect(new Set(targets?.map((t) => t.artifact)).size).toBe(3);
    expect(targets?.[1]).toEqual({
      name: 'staging-eu',
      base_url: 'https://staging-eu.example.com/api',
      pipeline_ids: 'p1,p2',
      ...defaults,
      // Naming a token leaves the client-credential pair unset, and the reverse: never both ways at once.
      token_secret: 'STAGING_EU_TOKEN',
      client_id_secret: '',
      secret_secret: '',
      limited_token_secret: 'STAGING_EU_LIMITED',
      limited_client_id_secret: '',
      limited_secret_secret: '',
      artifact: 'conformance-reports-staging-eu',
    });
    expect(targets?.[2]).toMatchObject({
      pipeline_ids: 'p3,p4',
      client_id_secret: 'US_ID',
      secret_secret: 'US_SECRET',
      token_secret: '',
      limited_token_secret: 'STREAMKAP_LIMITED_TOKEN',
    });
    // A manual run's input wins over the variable.
    expect(
      readTargets({ TARGETS_VARIABLE: JSON.stringify(list), TARGETS_INPUT: JSON.stringify(list.slice(2)) }).targets?.map((t) => t.name),
    ).toEqual(['staging-us']);
  });

  test('limited client credentials and a timeout per target', () => {
    const list = [
      {
        name: 'nightly',
        base_url: 'https://api.streamkap.com',
        limited_client_id_secret: 'NIGHTLY_LIMITED_ID',
        limited_secret_secret: 'NIGHTLY_LIMITED_SECRET',
        timeout_minutes: 90,
      },
    ];
    expect(readTargets({ TARGETS_INPUT: JSON.stringify(list) }).targets).toEqual([
      {
        name: 'nightly',
        base_url: 'https://api.streamkap.com',
        pipeline_ids: '',
        ...defaults,
        timeout_minutes: 90,
        limited_client_id_secret: 'NIGHTLY_LIMITED_ID',
        limited_secret_secret: 'NIGHTLY_LIMITED_SECRET',
        limited_token_secret: '',
        artifact: 'conformance-reports-nightly',
      },
    ]);
  });

  test("a gate is one target, the caller's URL, with the caller's artifact name", () => {
    const { targets } = readTargets({
      GATE_BASE_URL: 'https://rc.example.com/api',
      GATE_ARTIFACT_NAME: 'rc-reports',
      TARGETS_VARIABLE: '[{"name":"ignored"}]',
    });
    expect(targets).toEqual([
      { name: 'candidate', base_url: 'https://rc.example.com/api', pipeline_ids: '', ...defaults, artifact: 'rc-reports' },
    ]);
    expect(readTargets({ GATE_BASE_URL: 'https://rc.example.com' }).targets?.[0]?.artifact).toBe('conformance-reports');
  });

  const broken: Array<[string, string, RegExp]> = [
    ['not JSON', '[{"name": "x",', /the STREAMKAP_TARGETS repository variable is not JSON/],
    ['not a list', '{"name": "x", "base_url": "https://x"}', /not a non-empty JSON list/],
    ['an empty list', '[]', /not a non-empty JSON list/],
    [
      'two targets of one name',
      '[{"name": "eu", "base_url": "https://a"}, {"name": "EU", "base_url": "https://b"}]',
      /Target 2 .* is named "EU" like an earlier one/,
    ],
    ['a name with a slash', '[{"name": "eu/1", "base_url": "https://a"}]', /needs a name of letters, digits/],
    ['no base URL', '[{"name": "eu"}]', /\("eu"\) needs a base_url/],
    [
      'credentials in the base URL',
      '[{"name": "eu", "base_url": "https://eyJhbGciOi:pw@a.example"}]',
      /\("eu"\) has credentials in its base_url/,
    ],
    ['a misspelt key', '[{"name": "eu", "base_url": "https://a", "tokenSecret": "T"}]', /unknown keys tokenSecret/],
    [
      'a secret value where its name belongs',
      '[{"name": "eu", "base_url": "https://a", "token_secret": "eyJhbGciOi.x-y"}]',
      /has a token_secret that is not the name of a secret/,
    ],
    ['a GITHUB_ secret', '[{"name": "eu", "base_url": "https://a", "token_secret": "GITHUB_TOKEN"}]', /not starting with GITHUB_/],
    [
      'an empty limited client id secret name',
      '[{"name": "eu", "base_url": "https://a", "limited_client_id_secret": ""}]',
      /has a limited_client_id_secret that is not the name of a secret/,
    ],
    [
      'a timeout of minutes as text',
      '[{"name": "eu", "base_url": "https://a", "timeout_minutes": "60"}]',
      /timeout_minutes that is not a whole number from 10 to 360/,
    ],
    [
      'a timeout too short for the margin',
      '[{"name": "eu", "base_url": "https://a", "timeout_minutes": 5}]',
      /timeout_minutes that is not a whole number/,
    ],
    [
      'pipeline ids of the wrong type',
      '[{"name": "eu", "base_url": "https://a", "pipeline_ids": [1, 2]}]',
      /pipeline_ids that are neither/,
    ],
  ];
  test.each(broken)('%s fails the targets job with an annotation that says what to fix', (_, variable, reason) => {
    const { error, targets } = readTargets({ TARGETS_VARIABLE: variable });
    expect(targets).toBeUndefined();
    expect(error).toMatch(reason);
    expect(error).not.toContain('eyJhbGciOi'); // a value pasted where a secret's name belongs is not echoed
  });
});

describe('actionlint', () => {
  test('npm run lint:workflows finds nothing wrong, and sets aside only the two job properties newer than actionlint', () => {
    // The script a contributor runs (npm run lint:workflows), over every workflow file.
    const script = join(__dirname, 'support', 'lint-workflows.js');
    const result = spawnSync(process.execPath, [script], { cwd: join(__dirname, '..'), encoding: 'utf8', timeout: 60_000 });
    const workflows = readdirSync(join(__dirname, '..', '.github', 'workflows')).filter((name) => /\.ya?ml$/.test(name));
    expect(result.stdout).toMatch(new RegExp(`^Checking ${workflows.length} workflow file\\(s\\)`));
    expect(result.stdout.trim().split('\n').slice(1)).toEqual([
      // The linter is awake: the two it cannot know are reported, each where the checkout uses it.
      expect.stringMatching(
        /^set aside \(newer than actionlint\): \.github\/workflows\/conformance\.yml:\d+:\d+ property "workflow_repository" is not defined$/,
      ),
      expect.stringMatching(
        /^set aside \(newer than actionlint\): \.github\/workflows\/conformance\.yml:\d+:\d+ property "workflow_sha" is not defined$/,
      ),
      'No problems.',
    ]);
    expect(result.status).toBe(0);
  });
});

describe('every name in the expressions and scripts exists', () => {
  const allSteps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  /** The expressions: `${{ … }}` anywhere, and every `if:` (an expression without the braces). */
  const expressions = [
    ...[...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1] ?? ''),
    ...allSteps.map((step) => step.if ?? '').filter((condition) => !condition.includes('${{')),
  ].map((expression) => expression.replace(/'[^']*'/g, "''")); // string literals name nothing
  const references = expressions.flatMap((expression) => [
    ...expression.matchAll(
      /\b(github|inputs|vars|secrets|matrix|needs|steps|env|job|runner|strategy)((?:\.[A-Za-z_][\w-]*)*)(\[[^\]]*\])?/g,
    ),
  ]);
  const targetKeys = (() => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-keys-'));
    try {
      writeFileSync(join(dir, 'targets.js'), targetsStep.run ?? '');
      writeFileSync(join(dir, 'output'), '');
      spawnSync(process.execPath, [join(dir, 'targets.js')], {
        env: { PATH: process.env.PATH, GITHUB_OUTPUT: join(dir, 'output'), DEFAULT_BASE_URL: 'https://x.example' },
      });
      const line = readFileSync(join(dir, 'output'), 'utf8').trim();
      return Object.keys((JSON.parse(line.slice('targets='.length)) as Array<Record<string, unknown>>)[0] ?? {});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  const inputs = new Set([
    ...Object.keys(workflow.on.workflow_dispatch?.inputs ?? {}),
    ...Object.keys(workflow.on.workflow_call?.inputs ?? {}),
  ]);
  const secrets = new Set(Object.keys(workflow.on.workflow_call?.secrets ?? {}));
  const stepIds = new Map(allSteps.filter((step) => step.id).map((step) => [step.id as string, step]));
  const envNames = new Set([
    ...Object.keys(jobEnv),
    ...allSteps.flatMap((step) => Object.keys(step.env ?? {})),
    ...allSteps.flatMap((step) => [...(step.run ?? '').matchAll(/\b([A-Z_][A-Z0-9_]*)=.*>> "\$GITHUB_ENV"/g)].map((m) => m[1] ?? '')),
  ]);
  const GITHUB = ['repository', 'run_id', 'run_attempt', 'event_name', 'token', 'sha', 'ref'];
  const JOB = ['status', 'workflow_repository', 'workflow_sha', 'workflow_ref', 'workflow_file_path'];
  const SECRET_KEYS = targetKeys.filter((key) => key.endsWith('_secret'));

  test('the references were found (this test is not passing for want of them)', () => {
    expect(targetKeys).toEqual(expect.arrayContaining(['name', 'base_url', 'artifact', 'timeout_minutes', 'limited_client_id_secret']));
    expect(references.length).toBeGreaterThan(40);
  });

  test('contexts: inputs, secrets, vars, matrix keys, needs, steps, env, job and github properties', () => {
    const unknown: string[] = [];
    for (const [whole, context, path = '', index] of references) {
      const parts = path.split('.').filter((p) => p !== '');
      const ok = ((): boolean => {
        switch (context) {
          case 'inputs':
            return parts.length === 1 && inputs.has(parts[0] ?? '');
          case 'secrets':
            if (index !== undefined) return SECRET_KEYS.some((key) => index === `[matrix.target.${key}]`);
            return parts.length === 1 && secrets.has(parts[0] ?? '');
          case 'vars':
            return parts.length === 1 && ['STREAMKAP_TARGETS', 'STREAMKAP_BASE_URL', 'CONFORMANCE_ISSUES'].includes(parts[0] ?? '');
          case 'matrix':
            return parts[0] === 'target' && parts.length === 2 && targetKeys.includes(parts[1] ?? '');
          case 'needs':
            if (parts.length === 2 && parts[1] === 'result') return Object.hasOwn(workflow.jobs, parts[0] ?? '');
            return parts[0] === 'targets' && parts[1] === 'outputs' && Object.hasOwn(targetsJob.outputs ?? {}, parts[2] ?? '');
          case 'steps': {
            const step = stepIds.get(parts[0] ?? '');
            if (step === undefined) return false;
            if (parts[1] === 'outcome' || parts[1] === 'conclusion') return parts.length === 2;
            // An output is written by the step's own script: `name=` into $GITHUB_OUTPUT.
            return parts[1] === 'outputs' && new RegExp(`\\b${parts[2]}=`).test(step.run ?? '');
          }
          case 'env':
            return parts.length === 1 && envNames.has(parts[0] ?? '');
          case 'job':
            return parts.length === 1 && JOB.includes(parts[0] ?? '');
          case 'github':
            return parts.length === 1 && GITHUB.includes(parts[0] ?? '');
          default:
            return false;
        }
      })();
      if (!ok) unknown.push(whole);
    }
    expect(unknown).toEqual([]);
  });

  test('variables the shell scripts read are set by the job, the step, an earlier step or the script', () => {
    const unset: string[] = [];
    for (const step of conformanceJob.steps) {
      if (step.run === undefined || step.shell !== undefined) continue; // bash only; node scripts read process.env by name
      const assigned = [...step.run.matchAll(/(?:^|\s|export\s+)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1] ?? '');
      for (const [, name = ''] of step.run.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)) {
        if (name.startsWith('GITHUB_') || envNames.has(name) || assigned.includes(name)) continue;
        unset.push(`${step.name ?? step.run.slice(0, 20)}: $${name}`);
      }
    }
    expect(unset).toEqual([]);
  });
});

describe('the job against one target', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-steps-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const step = (id: string): Step => {
    const found = steps.find((s) => s.id === id);
    if (found === undefined) throw new Error(`no step ${id}`);
    return found;
  };

  /** A bash step's script and the stubs that stand in for `date` and `npm`, in a folder of their own. */
  function stepFiles(run: string, env: Record<string, string>, stubs: Record<string, string>) {
    const bin = mkdtempSync(join(dir, 'bin-'));
    for (const [name, body] of Object.entries(stubs)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const script = join(bin, 'step.sh');
    writeFileSync(script, run);
    const output = join(bin, 'output');
    const summary = join(bin, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const stepEnv = { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, STEP_DIR: bin, ...env };
    return { bin, script, stepEnv, written: () => ({ output: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8') }) };
  }

  /** Runs a bash step as GitHub runs it (bash -e), with `date` and `npm` replaced by stubs. */
  function runStep(run: string, env: Record<string, string>, stubs: Record<string, string> = {}) {
    const { script, stepEnv, written } = stepFiles(run, env, stubs);
    const result = spawnSync('bash', ['-e', script], { env: stepEnv, encoding: 'utf8', timeout: 10_000 });
    return { ...result, ...written() };
  }

  /** Runs a bash step and, once its `npm` stub has started, signals the shell alone, as a cancel of the job does. */
  async function cancelStep(run: string, env: Record<string, string>, stubs: Record<string, string>) {
    const { bin, script, stepEnv } = stepFiles(run, env, stubs);
    const shell = spawn('bash', ['-e', script], { env: stepEnv });
    let stdout = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => shell.on('close', (code) => resolve(code)));
    // A start-up bound, not a time budget: the stub says when it runs.
    for (let i = 0; i < 600 && !existsSync(join(bin, 'started')); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    shell.kill('SIGINT');
    return { status: await exited, stdout };
  }

  test("a cancel of the job, which signals the step's shell, reaches the run at once, and the run's exit code is the step's", async () => {
    // npm (node) takes SIGINT even though bash starts a background job with it ignored; the stub is node for that reason.
    const npm = `exec node -e "process.on('SIGINT', () => { console.log('npm got SIGINT'); process.exit(130); }); require('fs').writeFileSync(process.env.STEP_DIR + '/started', ''); setInterval(() => undefined, 1000);"`;
    const cancelled = await cancelStep(
      step('suite').run ?? '',
      { JOB_STARTED_AT: '1800000000', JOB_TIMEOUT_MINUTES: '45', REPORT_MARGIN_S: '300' },
      {
        date: 'echo 1800000100',
        npm,
      },
    );
    expect([cancelled.status, cancelled.stdout]).toEqual([130, expect.stringContaining('npm got SIGINT')]);
  });

  test("the job's timeout comes from the target, and the suite's deadline from the job's, less the time already spent and a margin", () => {
    expect(conformanceJob['timeout-minutes']).toBe('${{ matrix.target.timeout_minutes }}');
    const suite = step('suite');
    expect(suite.env?.JOB_TIMEOUT_MINUTES).toBe('${{ matrix.target.timeout_minutes }}');
    const margin = Number(suite.env?.REPORT_MARGIN_S);
    expect(margin).toBeGreaterThanOrEqual(120);
    // The start is noted first of all, before checkout and npm ci.
    expect(steps[0]?.run).toBe('echo "JOB_STARTED_AT=$(date +%s)" >> "$GITHUB_ENV"');
    const started = 1_800_000_000;
    const spent = 140; // checkout, setup-node and npm ci
    const run = runStep(
      suite.run ?? '',
      { JOB_STARTED_AT: String(started), JOB_TIMEOUT_MINUTES: '45', REPORT_MARGIN_S: String(margin) },
      { date: `echo ${started + spent}`, npm: 'echo "npm $* with STREAMKAP_RUN_TIMEOUT_S=$STREAMKAP_RUN_TIMEOUT_S"; exit 4' },
    );
    const deadline = 45 * 60 - spent - margin;
    expect(run.stdout).toContain(`npm run conformance with STREAMKAP_RUN_TIMEOUT_S=${deadline}`);
    // The suite's exit code is the step's, and an output for the summary below.
    expect(run.status).toBe(4);
    expect(run.output).toBe('exit-code=4\n');
    // Set-up that ate the whole job still leaves the suite a deadline it accepts (1 s: stop at once, with reports).
    const late = runStep(
      suite.run ?? '',
      { JOB_STARTED_AT: String(started), JOB_TIMEOUT_MINUTES: '10', REPORT_MARGIN_S: String(margin) },
      { date: `echo ${started + 600}`, npm: 'echo "STREAMKAP_RUN_TIMEOUT_S=$STREAMKAP_RUN_TIMEOUT_S"' },
    );
    expect(late.stdout).toContain('STREAMKAP_RUN_TIMEOUT_S=1\n');
    expect(late.status).toBe(0);
  });

  test('one run at a time per base URL: a manual run queues behind the nightly one, never beside it', () => {
    expect(conformanceJob.concurrency).toEqual({
      group: 'streamkap-conformance ${{ matrix.target.base_url }}',
      'cancel-in-progress': false,
    });
  });

  test("the suite is checked out from the repository and commit this workflow came from, not a caller's", () => {
    const checkout = step('checkout');
    expect(checkout.uses).toMatch(/^actions\/checkout@/);
    expect(checkout.with).toEqual({
      repository: '${{ inputs.suite_repository || job.workflow_repository }}',
      ref: '${{ inputs.suite_ref || job.workflow_sha }}',
      token: '${{ secrets.SUITE_CHECKOUT_TOKEN || github.token }}',
    });
    const code = text
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/github\.repository\b/);
    // And a checkout of anything else stops there, saying which inputs to pass.
    const check = step('suite-checked');
    expect(check.shell).toBe('node {0}');
    const checkDir = mkdtempSync(join(dir, 'checked-'));
    writeFileSync(join(checkDir, 'check.js'), check.run ?? '');
    const elsewhere = spawnSync(process.execPath, [join(checkDir, 'check.js')], { cwd: checkDir, encoding: 'utf8' });
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stdout).toContain('Pass suite_repository (owner/name) and suite_ref');
    const here = spawnSync(process.execPath, [join(checkDir, 'check.js')], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    expect(here.status).toBe(0);
  });

  test('without summary.md, the step summary says what happened: no checkout, no install, cancelled, or a suite that wrote nothing', () => {
    const noReport = steps.find((s) => /no report/.test(s.name ?? '')) as Step;
    expect(noReport.if).toBe("always() && hashFiles('reports/summary.md') == ''");
    const outcomes = {
      CHECKOUT_OUTCOME: 'success',
      SUITE_CHECKED_OUTCOME: 'success',
      INSTALL_OUTCOME: 'success',
      SUITE_OUTCOME: 'failure',
      SUITE_EXIT_CODE: '3',
      JOB_TIMEOUT_MINUTES: '45',
      TARGET_NAME: 'production',
    };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { CHECKOUT_OUTCOME: 'failure', SUITE_CHECKED_OUTCOME: '', INSTALL_OUTCOME: '', SUITE_OUTCOME: '' },
        /was not checked out, so it never ran/,
      ],
      [{ SUITE_CHECKED_OUTCOME: 'failure', INSTALL_OUTCOME: '', SUITE_OUTCOME: '' }, /was not checked out/],
      [{ INSTALL_OUTCOME: 'failure', SUITE_OUTCOME: '' }, /npm ci failed, so the suite never ran/],
      [
        { SUITE_OUTCOME: 'cancelled', SUITE_EXIT_CODE: '' },
        /cancelled before it wrote a report: by hand, or by the job's timeout of 45 minutes/,
      ],
      [{}, /ended without writing a report \(exit code 3\)/],
    ];
    for (const [change, message] of cases) {
      const run = runStep(noReport.run ?? '', { ...outcomes, ...change });
      expect(run.status).toBe(0);
      expect(run.summary).toMatch(/^## Streamkap metrics conformance, production: no report\n\n/);
      expect(run.summary).toMatch(message);
      expect(run.stdout).toMatch(/^::error title=Conformance production: no report::/);
    }
    // Its env names the steps it reports on.
    for (const id of ['checkout', 'suite-checked', 'install', 'suite']) expect(JSON.stringify(noReport.env)).toContain(`steps.${id}.`);
  });
});

describe("a red night reaches people through an issue per target (the script's own tests: test/target-issue.test.ts)", () => {
  const issueJob = workflow.jobs.issue as Job;

  test('nightly only, when the repository asks for it, after every target, and the only job that may write issues', () => {
    expect(issueJob.if).toBe(
      "always() && github.event_name == 'schedule' && !inputs.base_url && vars.CONFORMANCE_ISSUES == 'true' && needs.targets.result == 'success'",
    );
    expect(issueJob.needs).toEqual(['targets', 'conformance']);
    expect(issueJob.strategy).toEqual(conformanceJob.strategy);
    expect(issueJob.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const widened = Object.entries(workflow.jobs).filter(([id, job]) => id !== 'issue' && job.permissions !== undefined);
    expect(widened.map(([id]) => id)).toEqual([]);
  });

  test("it reads the target's own artifact and hands the script the token and the target", () => {
    const download = issueJob.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toEqual({ name: '${{ matrix.target.artifact }}', path: 'reports' });
    const script = issueJob.steps[issueJob.steps.length - 1];
    expect(script?.run).toBe('node .github/scripts/target-issue.js');
    expect(script?.env).toEqual({
      GH_TOKEN: '${{ github.token }}',
      TARGET_NAME: '${{ matrix.target.name }}',
      TARGET_BASE_URL: '${{ matrix.target.base_url }}',
      ARTIFACT_NAME: '${{ matrix.target.artifact }}',
      REPORTS_DIR: download?.with?.path,
    });
  });
});
