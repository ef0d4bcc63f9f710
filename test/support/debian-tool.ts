import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real component a test drives, from Debian's packages; `.ci/run` installs each when missing. */
export interface DebianTool {
  path: string;
  aptPackage: string;
}

export const CHROMIUM: DebianTool = { path: '/usr/bin/chromium', aptPackage: 'chromium' };
export const PROMTOOL: DebianTool = { path: '/usr/bin/promtool', aptPackage: 'prometheus' };
export const PUSHGATEWAY: DebianTool = { path: '/usr/bin/prometheus-pushgateway', aptPackage: 'prometheus-pushgateway' };

/**
 * How a test starts the Pushgateway on a loopback port: Debian's build persists to
 * /var/lib/prometheus/pushgateway.data by default, which would carry one test run's metrics into
 * the next (and other users'), so each start gets a file of its own in a temporary directory.
 */
export const pushgatewayArguments = (port: number): string[] => [
  `--web.listen-address=127.0.0.1:${port}`,
  '--log.level=warn',
  `--persistence.file=${join(mkdtempSync(join(tmpdir(), 'conformance-pushgateway-')), 'pushgateway.data')}`,
];

/**
 * Resolves once the Pushgateway at `url` says it is ready; rejects if its process ends first. No
 * deadline of its own: a slow start on a loaded machine is not a failure (jest's timeout ends a hang).
 */
export async function pushgatewayReady(url: string, gateway: ChildProcess): Promise<void> {
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (gateway.exitCode !== null || gateway.signalCode !== null) throw new Error(`the Pushgateway did not start on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const installHint = (tool: DebianTool): string =>
  `${tool.path} is missing: install it with \`apt-get install -y ${tool.aptPackage}\` (.ci/run does this in CI)`;

/**
 * Runs `tests` when the tool is installed. In CI a missing tool is a failure, never a pass; on a
 * developer's machine it is a visible skip that says how to install it.
 */
export function describeWith(tool: DebianTool, title: string, tests: () => void): void {
  if (existsSync(tool.path)) {
    describe(title, tests);
  } else if (process.env.CI) {
    test(`${tool.path} is installed for: ${title}`, () => {
      throw new Error(installHint(tool));
    });
  } else {
    console.warn(`SKIPPED ${title}: ${installHint(tool)}`);
    test.skip(`${title} (skipped: ${installHint(tool)})`, () => undefined);
  }
}
