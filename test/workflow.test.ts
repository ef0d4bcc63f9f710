/**
 * .github/workflows/conformance.yml: it parses, it has the nightly, manual and pre-release
 * triggers, it runs what the README says, it always uploads the reports, and it names only
 * settings the suite reads (a misspelt STREAMKAP_ variable would be silently ignored in CI).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SETTING_NAMES } from '../src/settings';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: {
    schedule?: Array<{ cron: string }>;
    workflow_dispatch?: { inputs?: Record<string, unknown> };
    workflow_call?: {
      inputs?: Record<string, { required?: boolean; type?: string; default?: unknown }>;
      secrets?: Record<string, { required?: boolean }>;
    };
  };
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

const text = readFileSync(join(__dirname, '..', '.github', 'workflows', 'conformance.yml'), 'utf8');
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const jobEnv = Object.assign({}, ...Object.values(workflow.jobs).map((job) => job.env ?? {})) as Record<string, string>;

test('every STREAMKAP_ name in the workflow is a setting the suite reads', () => {
  const named = [...new Set(text.match(/STREAMKAP_[A-Z_]+/g) ?? [])];
  expect(named.length).toBeGreaterThan(5);
  const known: readonly string[] = SETTING_NAMES;
  expect(named.filter((name) => !known.includes(name))).toEqual([]);
});

test('a nightly schedule, a manual dispatch and a reusable call for pre-release gates', () => {
  const cron = workflow.on.schedule?.[0]?.cron ?? '';
  expect(cron.trim().split(/\s+/)).toHaveLength(5);
  expect(cron).toMatch(/^\d+ \d+ \* \* \*$/); // once a day
  expect(workflow.on.workflow_dispatch).toBeDefined();
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

test('credentials come from secrets, the target from the caller or production', () => {
  for (const name of ['STREAMKAP_TOKEN', 'STREAMKAP_CLIENT_ID', 'STREAMKAP_SECRET', 'STREAMKAP_LIMITED_TOKEN']) {
    expect(jobEnv[name]).toBe(`\${{ secrets.${name} }}`);
  }
  expect(jobEnv.STREAMKAP_PIPELINE_ID).toContain('secrets.STREAMKAP_PIPELINE_ID');
  expect(jobEnv.STREAMKAP_BASE_URL).toMatch(/^\$\{\{ inputs\.base_url \|\| .*'https:\/\/api\.streamkap\.com' \}\}$/);
  expect(jobEnv.STREAMKAP_TAGS).toBe('${{ inputs.tags }}');
});

test('it installs with npm ci and runs npm run conformance', () => {
  const runs = steps.map((step) => step.run ?? '');
  const install = runs.findIndex((run) => /^npm ci\b/m.test(run));
  const conformance = runs.findIndex((run) => /^\s*npm run conformance\s*$/m.test(run));
  expect(install).toBeGreaterThanOrEqual(0);
  expect(conformance).toBeGreaterThan(install);
  expect(runs[conformance]).toContain('STREAMKAP_BASELINE_REPORT');
});

test('reports/ is uploaded even when the run fails, and the step summary is written', () => {
  const conformance = steps.findIndex((step) => /npm run conformance/.test(step.run ?? ''));
  const upload = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
  expect(upload).toBeGreaterThan(conformance);
  expect(steps[upload]?.if).toBe('always()');
  expect(steps[upload]?.with?.path).toBe('reports/');
  expect(jobEnv.STREAMKAP_REPORTS_DIR).toBe('reports');
  // The suite appends summary.md to $GITHUB_STEP_SUMMARY; a run that stops early gets a line anyway.
  expect(steps.some((step) => step.if?.startsWith('always()') && /GITHUB_STEP_SUMMARY/.test(step.run ?? ''))).toBe(true);
});

test("last night's summary.json is restored before the run and saved after it, only for production", () => {
  const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
  const conformance = steps.findIndex((step) => /npm run conformance/.test(step.run ?? ''));
  const save = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save@'));
  expect(restore).toBeGreaterThanOrEqual(0);
  expect(restore).toBeLessThan(conformance);
  expect(save).toBeGreaterThan(conformance);
  expect(steps[save]?.if).toMatch(/^always\(\) && github\.event_name == 'schedule'/);
  expect(steps[restore]?.with?.path).toBe(steps[save]?.with?.path);
  expect(String(steps[save]?.with?.key)).toMatch(new RegExp(`^${String(steps[restore]?.with?.['restore-keys'])}`));
});
