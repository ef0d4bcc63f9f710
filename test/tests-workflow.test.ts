/**
 * The repository's own CI (.github/workflows/tests.yml) runs `.ci/run` on every push and pull
 * request, with the Debian tools cached; and every workflow pins each third-party action to a
 * full commit SHA, with the tag it stands for in a comment (GitHub's hardening guide: a tag can
 * be moved, a commit cannot).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface TestsWorkflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; container?: { image: string; options?: string }; steps: Step[] }>;
}

const ROOT = join(__dirname, '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
const text = readFileSync(join(WORKFLOWS, 'tests.yml'), 'utf8');
const workflow = parse(text) as TestsWorkflow;
const jobs = Object.values(workflow.jobs);
const steps = jobs[0]?.steps ?? [];

test('on every push and pull request, one job that runs .ci/run, reading the repository only', () => {
  expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
  expect(workflow.permissions).toEqual({ contents: 'read' });
  expect(jobs).toHaveLength(1);
  const runs = steps.map((step) => step.run).filter((run) => run !== undefined);
  expect(runs[runs.length - 1]).toBe('bash .ci/run');
  expect(steps[0]?.uses).toMatch(/^actions\/checkout@/);
});

test("in Debian, as root, so .ci/run installs the Debian tools as it does on a developer's machine", () => {
  expect(jobs[0]?.container?.image).toMatch(/^node:\d+-(bookworm|trixie)$/);
  // The release the cache key names is the container's.
  const release = /-(bookworm|trixie)$/.exec(jobs[0]?.container?.image ?? '')?.[1] ?? '';
  const cache = steps.find((step) => step.with?.path === '/var/cache/apt/archives/*.deb');
  expect(cache?.uses).toMatch(/^actions\/cache@/);
  expect(cache?.with?.key).toBe(`debian-tools-${release}-\${{ hashFiles('.ci/run') }}`);
  expect(cache?.with?.['restore-keys']).toBe(`debian-tools-${release}-`);
  // The key hashes the file that holds the package list, and apt keeps what it downloads there.
  const ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  for (const apt of ['chromium', 'prometheus', 'prometheus-pushgateway']) expect(ciRun).toContain(`MISSING+=(${apt})`);
  expect(ciRun).toMatch(/apt-get install -y/);
  const keep = steps.findIndex((step) => step.run === 'rm -f /etc/apt/apt.conf.d/docker-clean');
  expect(keep).toBeGreaterThanOrEqual(0);
  expect(keep).toBeLessThan(steps.findIndex((step) => step.run === 'bash .ci/run'));
  // npm's downloads too, keyed on the lock file.
  expect(steps.find((step) => step.with?.path === '~/.npm')?.with?.key).toBe("npm-${{ hashFiles('package-lock.json') }}");
});

describe.each(workflowFiles)('%s', (file) => {
  const lines = readFileSync(join(WORKFLOWS, file), 'utf8').split('\n');
  const uses = lines.filter((line) => /^\s*(- )?uses:/.test(line));

  test('every action is pinned to a full commit SHA, with its tag in a comment', () => {
    expect(uses.length).toBeGreaterThan(0);
    const unpinned = uses.filter((line) => !/^\s*(- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/.test(line));
    expect(unpinned).toEqual([]);
  });
});

test('one commit, one tag: no two comments in the workflows disagree about what a SHA is', () => {
  const tagsOf = new Map<string, Set<string>>();
  for (const file of workflowFiles) {
    for (const [, sha = '', tag = ''] of readFileSync(join(WORKFLOWS, file), 'utf8').matchAll(/uses: \S+@([0-9a-f]{40}) # (\S+)$/gm)) {
      tagsOf.set(sha, (tagsOf.get(sha) ?? new Set()).add(tag));
    }
  }
  expect(tagsOf.size).toBeGreaterThanOrEqual(5);
  expect([...tagsOf].filter(([, tags]) => tags.size > 1)).toEqual([]);
});
