/**
 * The run history at a glance: an inline SVG for report.html (outcome per run as a row of cells,
 * p95 response time per run as a sparkline under it) and one line for summary.md. The SVG uses
 * presentation attributes only (no style, no script, no external reference), so the report's
 * Content-Security-Policy needs nothing new and the page still needs no network. The <svg> is a
 * labelled group holding a list, so a screen reader reads the summary and can step through runs.
 */
import { escapeHtml } from '../reports/html-markup';
import type { RecordedOutcome } from './run-record';

/** The strip's three colours: every outcome that judged nothing for certain reads as `errored`. */
type Shown = 'passed' | 'failed' | 'errored';
const shown = (outcome: RecordedOutcome): Shown => (outcome === 'passed' || outcome === 'failed' ? outcome : 'errored');
import type { RunTrendPoint } from './trends';

const COLOUR: Record<Shown, string> = { passed: '#1a7f37', failed: '#cf222e', errored: '#9a6700' };
/** Colour is not the only signal: failed cells carry a cross, errored ones a bar. */
const MARK: Record<Shown, string> = { passed: '', failed: 'M4 4L10 10M10 4L4 10', errored: 'M3 7H11' };
const EMOJI: Record<Shown, string> = { passed: '✅', failed: '❌', errored: '⚠️' };

const CELL = 14;
const GAP = 2;
const STRIP_TOP = 0;
const SPARK_TOP = CELL + 8;
const SPARK_HEIGHT = 36;
const LABEL_WIDTH = 96;

const formatMs = (ms: number): string => `${Math.round(ms)} ms`;

const when = (iso: string): string => iso.replace(/:\d\d(\.\d+)?Z$/, ' UTC').replace('T', ' ');

function describeRun(point: RunTrendPoint): string {
  const t = point.totals;
  const counts = [
    `${t.passed} passed`,
    `${t.failed} failed`,
    t.errored > 0 ? `${t.errored} errored` : '',
    t.skipped > 0 ? `${t.skipped} skipped` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const p95 = point.p95Ms === undefined ? 'no response time' : `p95 ${formatMs(point.p95Ms)}`;
  return `${when(point.startedAt)}: ${point.outcome} (exit ${point.exitCode}; ${t.cases === 0 ? 'no cases ran' : counts}); ${p95}`;
}

function p95Range(points: readonly RunTrendPoint[]): { first: number; last: number; known: number } | undefined {
  const known = points.map((p) => p.p95Ms).filter((ms): ms is number => ms !== undefined);
  const first = known[0];
  const last = known.at(-1);
  return first === undefined || last === undefined ? undefined : { first, last, known: known.length };
}

function summaryOf(points: readonly RunTrendPoint[]): string {
  const count = (outcome: Shown) => points.filter((p) => shown(p.outcome) === outcome).length;
  const range = p95Range(points);
  const p95 = range === undefined ? '' : `; p95 response time from ${formatMs(range.first)} to ${formatMs(range.last)}`;
  return `Last ${points.length} ${points.length === 1 ? 'run' : 'runs'}: ${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored${p95}`;
}

/** The trend strip as an <svg> element; empty text when the history has no runs. */
export function renderTrendSvg(points: readonly RunTrendPoint[], idPrefix = 'trend'): string {
  if (points.length === 0) return '';
  const stripWidth = points.length * (CELL + GAP) - GAP;
  const width = stripWidth + LABEL_WIDTH;
  const height = SPARK_TOP + SPARK_HEIGHT + 2;
  const x = (i: number) => i * (CELL + GAP);
  const cells = points.map((point, i) => {
    const mark =
      MARK[shown(point.outcome)] === ''
        ? ''
        : `<path d="${MARK[shown(point.outcome)]}" transform="translate(${x(i)} ${STRIP_TOP})" stroke="#ffffff" stroke-width="2" fill="none"/>`;
    return (
      `<g class="run" data-outcome="${shown(point.outcome)}" role="listitem" aria-label="${escapeHtml(describeRun(point))}">` +
      `<rect x="${x(i)}" y="${STRIP_TOP}" width="${CELL}" height="${CELL}" rx="2" fill="${COLOUR[shown(point.outcome)]}"><title>${escapeHtml(describeRun(point))}</title></rect>${mark}</g>`
    );
  });

  const known = points.map((p) => p.p95Ms);
  const values = known.filter((ms): ms is number => ms !== undefined);
  const max = Math.max(...values, 1);
  const min = Math.min(...values, max);
  const span = max - min || 1;
  const cx = (i: number) => x(i) + CELL / 2;
  const cy = (ms: number) => SPARK_TOP + 2 + (SPARK_HEIGHT - 4) * (1 - (ms - min) / span);
  // A run without a response time breaks the line rather than drawing it to zero.
  const segments: string[][] = [[]];
  known.forEach((ms, i) => {
    if (ms === undefined) segments.push([]);
    else segments.at(-1)?.push(`${cx(i).toFixed(1)},${cy(ms).toFixed(1)}`);
  });
  const lines = segments
    .filter((s) => s.length > 1)
    .map((s) => `<polyline points="${s.join(' ')}" fill="none" stroke="#0969da" stroke-width="1.5" stroke-linejoin="round"/>`);
  const dots = known.map((ms, i) =>
    ms === undefined
      ? ''
      : `<circle class="p95" cx="${cx(i).toFixed(1)}" cy="${cy(ms).toFixed(1)}" r="2.5" fill="#0969da"><title>${escapeHtml(`${when(points[i]?.startedAt ?? '')}: p95 ${formatMs(ms)}`)}</title></circle>`,
  );
  const last = values.at(-1);
  const labels =
    `<text x="${stripWidth + 8}" y="${STRIP_TOP + CELL - 3}" font-family="sans-serif" font-size="11" fill="#57606a">outcome</text>` +
    (last === undefined
      ? ''
      : `<text x="${stripWidth + 8}" y="${SPARK_TOP + SPARK_HEIGHT / 2 + 4}" font-family="sans-serif" font-size="11" fill="#57606a">p95 ${escapeHtml(formatMs(last))}</text>`);
  const title = escapeHtml(summaryOf(points));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="trend-strip" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="group" aria-labelledby="${idPrefix}-title"><title id="${idPrefix}-title">${title}</title>` +
    `<g role="list">${cells.join('')}</g>${lines.join('')}${dots.join('')}${labels}</svg>`
  );
}

/** "Trend (last 10): ✅✅❌✅ — p95 120 ms → 180 ms" for summary.md; empty text when the history has no runs. */
export function renderMarkdownTrend(points: readonly RunTrendPoint[]): string {
  if (points.length === 0) return '';
  const range = p95Range(points);
  const p95 =
    range === undefined
      ? ''
      : range.known === 1
        ? ` — p95 ${formatMs(range.last)}`
        : ` — p95 ${formatMs(range.first)} → ${formatMs(range.last)}`;
  return `Trend (last ${points.length}): ${points.map((p) => EMOJI[shown(p.outcome)]).join('')}${p95}`;
}
