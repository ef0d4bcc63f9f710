import { codeSpan, escapeMarkdown } from '../reports/markdown-text';
import { messageParts } from './drift-difference';
import { driftHeadline, type DriftReport } from './drift-report';

/** The "Contract drift" section of summary.md: the headline, then one table row per difference, breaking first. */

const LISTED_DIFFERENCES = 40;

/** In a GFM table a pipe ends the cell even inside a code span, unless escaped. */
const cellCode = (text: string): string => codeSpan(text).replace(/\|/g, '\\|');

const markdownMessage = (message: string): string =>
  messageParts(message)
    .map((part) => (part.code ? cellCode(part.text) : escapeMarkdown(part.text)))
    .join('');

export function renderDriftMarkdown(report: DriftReport): string {
  const lines = ['## Contract drift', '', escapeMarkdown(driftHeadline(report))];
  if (report.differences.length > 0) {
    lines.push('', '| | where | what changed |', '|---|---|---|');
    for (const d of report.differences.slice(0, LISTED_DIFFERENCES)) {
      lines.push(`| ${d.breaking ? '**breaking**' : 'non-breaking'} | ${cellCode(d.location)} | ${markdownMessage(d.message)} |`);
    }
    const more = report.differences.length - LISTED_DIFFERENCES;
    if (more > 0) lines.push('', `…and ${more} more in summary.json and report.html.`);
  }
  return `${lines.join('\n')}\n`;
}
