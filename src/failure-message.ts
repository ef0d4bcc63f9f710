import type { Verdict } from './model';

const BODY_LINES_CHARS = 600;

/** The text a person on call reads first: what was asked, what came back, what is wrong, and how to see it again. */
export function formatVerdict(verdict: Verdict): string {
  const lines = [`${verdict.caseId}: ${verdict.title}`, `  reproduce: ${verdict.curl}`];
  if (verdict.response) {
    const contentType = verdict.response.headers['content-type'] ?? 'no Content-Type';
    const retried = verdict.retries ? `, ${verdict.retries} retries` : '';
    const judgedBy = verdict.validatedBy ? `; body judged by ${verdict.validatedBy}` : '';
    lines.push(`  answer: ${verdict.response.status} ${contentType} (${verdict.durationMs} ms${retried})${judgedBy}`);
  }
  for (const finding of verdict.findings) {
    lines.push(`  ✗ ${finding.check}: ${finding.title}. ${finding.message}`);
    for (const error of finding.schemaErrors ?? []) lines.push(`      ${error.path}: ${error.message}`);
  }
  if (verdict.response && verdict.findings.length > 0) {
    const body = verdict.response.body;
    const excerpt = body.length > BODY_LINES_CHARS ? `${body.slice(0, BODY_LINES_CHARS)}…` : body;
    lines.push(`  body: ${excerpt === '' ? '(empty)' : excerpt}`);
  }
  return lines.join('\n');
}
