/** The reproduce lines read secrets from the shell: the console says once that a token kept in .env must be exported. */
import { runEnding } from '../../src/cli/console-report';
import { findCauses } from '../../src/causes/run-causes';
import { canonicalValues } from '../../src/causes/simplicity';
import { loadContract } from '../../src/contract';
import type { Finding, Verdict } from '../../src/model';
import { buildSummary } from '../../src/reports/summary';
import { aRunInfo } from '../support/run-info';
import { aVerdict } from '../support/verdict';

const canonical = canonicalValues(loadContract());
const info = aRunInfo;
const crash: Finding = { check: 'not_a_server_error', title: 'x', message: 'x' };
const failing = (caseId: string, curl: string): Verdict => aVerdict({ caseId, outcome: 'failed', status: 500, findings: [crash], curl });
const consoleOf = (verdicts: Verdict[], verbose = false): string[] =>
  runEnding(buildSummary(info(verdicts), verdicts, undefined, findCauses(verdicts, canonical)), '/r', [], verbose);
const EXPORT_NOTE = /^The curl lines read \$STREAMKAP_TOKEN.* from the shell: a token kept only in \.env is not there; export it first/;

describe('the note on exporting the token', () => {
  test('said once, under the causes, when a reproduction reads a token from the shell', () => {
    const lines = consoleOf([
      failing('accept.a', `curl 'http://127.0.0.1:9/x' -H "Authorization: Bearer $STREAMKAP_TOKEN"`),
      failing('accept.b', `curl 'http://127.0.0.1:9/y' -H "Authorization: Bearer $STREAMKAP_TOKEN"`),
    ]);
    expect(lines.filter((line) => EXPORT_NOTE.test(line))).toHaveLength(1);
  });

  test('not said when no reproduction needs a token', () => {
    const lines = consoleOf([failing('auth.missing', `curl 'http://127.0.0.1:9/x'`)]);
    expect(lines.filter((line) => /export/.test(line))).toEqual([]);
  });
});
