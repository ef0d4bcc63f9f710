/**
 * .github/workflows/conformance.yml: it parses, it has the nightly, manual and pre-release
 * triggers, it runs what the README says, it always uploads the reports, it names only settings
 * the suite reads (a misspelt STREAMKAP_ variable would be silently ignored in CI), and its matrix
 * over targets is read by a script this test runs as the workflow does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  jobs: Record<string, Job>;
}

/** Repository variables the workflow reads that are no setting of the suite. */
const WORKFLOW_VARIABLES = ['STREAMKAP_TARGETS'];

const text = readFileSync(join(__dirname, '..', '.github', 'workflows', 'conformance.yml'), 'utf8');
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
    'STREAMKAP_LIMITED_TOKEN',
    'STREAMKAP_PIPELINE_ID',
    'STREAMKAP_SECRET',
    'STREAMKAP_TOKEN',
  ]);
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
  const conformance = runs.findIndex((run) => /^\s*npm run conformance\s*$/m.test(run));
  expect(install).toBeGreaterThanOrEqual(0);
  expect(conformance).toBeGreaterThan(install);
});

test("reports/ is uploaded under the target's own name even when the run fails, and the step summary is written", () => {
  const conformance = steps.findIndex((step) => /npm run conformance/.test(step.run ?? ''));
  const upload = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
  expect(upload).toBeGreaterThan(conformance);
  expect(steps[upload]?.if).toBe('always()');
  expect(steps[upload]?.with?.path).toBe('reports/');
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
  expect(jobEnv.STREAMKAP_PUSHGATEWAY_URL).toBe("${{ !inputs.base_url && vars.STREAMKAP_PUSHGATEWAY_URL || '' }}");
});

describe('the targets script, run as the workflow runs it (shell: node)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-targets-'));
    writeFileSync(join(dir, 'targets.js'), targetsStep.run ?? '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the step with these inputs; its matrix output, or the error annotation it stopped with. */
  function readTargets(inputs: Record<string, string>): { targets?: Array<Record<string, string>>; error?: string } {
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
    return { targets: JSON.parse(line.slice('targets='.length)) as Array<Record<string, string>> };
  }

  const defaults = {
    token_secret: 'STREAMKAP_TOKEN',
    client_id_secret: 'STREAMKAP_CLIENT_ID',
    secret_secret: 'STREAMKAP_SECRET',
    limited_token_secret: 'STREAMKAP_LIMITED_TOKEN',
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
      token_secret: 'STAGING_EU_TOKEN',
      limited_token_secret: 'STAGING_EU_LIMITED',
      artifact: 'conformance-reports-staging-eu',
    });
    expect(targets?.[2]).toMatchObject({
      pipeline_ids: 'p3,p4',
      client_id_secret: 'US_ID',
      secret_secret: 'US_SECRET',
      token_secret: 'STREAMKAP_TOKEN',
    });
    // A manual run's input wins over the variable.
    expect(
      readTargets({ TARGETS_VARIABLE: JSON.stringify(list), TARGETS_INPUT: JSON.stringify(list.slice(2)) }).targets?.map((t) => t.name),
    ).toEqual(['staging-us']);
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
    ['a misspelt key', '[{"name": "eu", "base_url": "https://a", "tokenSecret": "T"}]', /unknown keys tokenSecret/],
    [
      'a secret value where its name belongs',
      '[{"name": "eu", "base_url": "https://a", "token_secret": "eyJhbGciOi.x-y"}]',
      /has a token_secret that is not the name of a secret/,
    ],
    ['a GITHUB_ secret', '[{"name": "eu", "base_url": "https://a", "token_secret": "GITHUB_TOKEN"}]', /not starting with GITHUB_/],
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
