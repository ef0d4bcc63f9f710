import { plural } from './plural';
import { shellWord } from './curl-command';
import { isCaseVerdict, type Verdict, verdictKey } from './model';

const BODY_LINES_CHARS = 600;

/** Control characters (NUL above all) shown as \uXXXX: a raw one makes grep call the whole log binary. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The text a person on call reads first: what was asked, what came back, what is wrong, and how to see it again. */
/**
 * The command that runs this case again, and nothing else: for its pipeline when it ran for several;
 * a generated property with the same seed. The live contract is compared by every run, before its
 * cases: its verdict's command is the smallest run, the smoke cases.
 */
export function rerunCommand(verdict: Pick<Verdict, 'caseId' | 'tier' | 'pipelineId' | 'generated' | 'target'>): string {
  // Against the target it ran on (the credentials stay in the environment, by their variable names).
  const pipelineId = verdict.pipelineId ?? verdict.target?.pipelineId;
  const target = verdict.target ? ` --base-url ${shellWord(verdict.target.baseUrl)}` : '';
  const pipeline = pipelineId === undefined ? '' : ` --pipeline ${shellWord(pipelineId)}`;
  if (!isCaseVerdict(verdict)) return `npx streamkap-conformance${target}${pipeline} --tag smoke`;
  return `npx streamkap-conformance${target}${pipeline} --case ${verdict.caseId}${verdict.generated ? ` --seed ${verdict.generated.seed}` : ''}`;
}

export function formatVerdict(verdict: Verdict): string {
  const lines = [`${verdictKey(verdict)}: ${verdict.title}`, `  reproduce: ${verdict.curl}`];
  if (verdict.outcome === 'failed' || verdict.outcome === 'errored') lines.push(`  rerun: ${rerunCommand(verdict)}`);
  if (verdict.response) {
    const contentType = verdict.response.headers['content-type'] ?? 'no Content-Type';
    const retried = verdict.retries ? `, ${plural(verdict.retries, 'retry', 'retries')}` : '';
    const judgedBy = verdict.validatedBy ? `; body judged by ${verdict.validatedBy}` : '';
    lines.push(`  answer: ${verdict.response.status} ${contentType} (${verdict.durationMs} ms${retried})${judgedBy}`);
  }
  if (verdict.skipReason !== undefined) lines.push(`  skipped: ${verdict.skipReason}`);
  if (verdict.error) {
    const label = verdict.error.kind === 'suite-bug' ? 'suite error (a bug in this suite, not a finding)' : 'could not judge';
    lines.push(`  ! ${label}: ${verdict.error.message}`);
  }
  for (const finding of verdict.findings) {
    lines.push(`  ✗ ${finding.check}: ${finding.title}. ${finding.message}`);
    for (const error of finding.schemaErrors ?? []) lines.push(`      ${error.path}: ${error.message}`);
  }
  for (const warning of verdict.warnings) lines.push(`  ⚠ ${warning.title}. ${warning.message}`);
  if (verdict.response && verdict.findings.length > 0) {
    const body = verdict.response.body;
    const excerpt = body.length > BODY_LINES_CHARS ? `${body.slice(0, BODY_LINES_CHARS)}…` : body;
    lines.push(`  body: ${excerpt === '' ? '(empty)' : excerpt}`);
  }
  return printable(lines.join('\n'));
}
