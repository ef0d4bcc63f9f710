import type { ResponseTimeBudgets } from '../checks/response-time-budgets';
import type { Outcome, Tier } from '../model';
import { html, type Markup } from './html-markup';

/**
 * report.html's response-time chart: one bar per case that was sent, in run order (grouped by
 * tier, as the run sends them) or slowest first, with the degraded and max budgets drawn as
 * labelled lines. Inline SVG with presentation attributes only: no script, no style sheet, no
 * external reference, so it renders under the report's Content-Security-Policy and offline.
 */

export interface ChartCase {
  caseId: string;
  tier: Tier;
  /** The group under the axis when not the tier: the coverage phase's cases are one group, whatever their tiers. */
  group?: string;
  durationMs: number;
  outcome: Outcome;
}

export interface ChartOptions {
  budgets?: ResponseTimeBudgets;
  order?: 'run' | 'slowest-first';
  /** Prefix of the element ids that aria-labelledby points at; unique per page. */
  idPrefix?: string;
}

const WIDTH = 960;
const HEIGHT = 260;
const MARGIN = { left: 64, right: 132, top: 18, bottom: 58 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

const COLOUR = { within: '#1570ef', degraded: '#dc6803', over: '#b42318', unanswered: '#98a2b3', axis: '#475467', grid: '#eaecf0', text: '#101828' };

type Band = 'within' | 'degraded' | 'over' | 'unanswered';

function bandOf(c: ChartCase, budgets: ResponseTimeBudgets): Band {
  if (c.outcome === 'errored') return 'unanswered';
  if (budgets.maxResponseMs !== undefined && c.durationMs > budgets.maxResponseMs) return 'over';
  if (budgets.degradedMs !== undefined && c.durationMs > budgets.degradedMs) return 'degraded';
  return 'within';
}

const BAND_LABEL: Record<Band, string> = { within: 'within budget', degraded: 'degraded', over: 'over the max budget', unanswered: 'errored' };
/** With no budget set there is nothing to be within: an answered case is just answered. */
const bandLabel = (band: Band, budgets: ResponseTimeBudgets): string =>
  band === 'within' && budgets.degradedMs === undefined && budgets.maxResponseMs === undefined ? 'answered' : BAND_LABEL[band];
/** Generous for an 11 px sans-serif: a label is drawn only where it cannot run into its neighbour's. */
const LABEL_CHAR_PX = 7.5;

/** A round step for about `ticks` gridlines up to `top`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(top: number, ticks: number): number {
  const raw = Math.max(top, 1) / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10;
  return step * magnitude;
}

const ms = (value: number): string => `${Math.round(value).toLocaleString('en-US')} ms`;
const fixed = (value: number): string => value.toFixed(1);

export function renderResponseTimeChart(cases: readonly ChartCase[], options: ChartOptions = {}): Markup {
  const budgets = options.budgets ?? {};
  const id = options.idPrefix ?? 'response-time-chart';
  const sent = cases.filter((c) => c.outcome !== 'skipped');
  const shown = options.order === 'slowest-first' ? [...sent].sort((a, b) => b.durationMs - a.durationMs) : sent;
  const slowest = Math.max(0, ...shown.map((c) => c.durationMs));
  const budgetLines = [
    { key: 'degraded', label: 'degraded', value: budgets.degradedMs, colour: COLOUR.degraded },
    { key: 'max', label: 'max', value: budgets.maxResponseMs, colour: COLOUR.over },
  ].filter((b): b is { key: string; label: string; value: number; colour: string } => b.value !== undefined);
  const step = niceStep(Math.max(slowest, ...budgetLines.map((b) => b.value)) * 1.05, 4);
  const top = step * Math.max(1, Math.ceil((Math.max(slowest, ...budgetLines.map((b) => b.value)) * 1.05) / step));
  const y = (value: number) => MARGIN.top + PLOT_H - (value / top) * PLOT_H;
  const slot = shown.length > 0 ? PLOT_W / shown.length : PLOT_W;
  const barWidth = Math.max(1, Math.min(24, slot * 0.75));
  const x = (i: number) => MARGIN.left + i * slot + (slot - barWidth) / 2;

  const over = shown.filter((c) => bandOf(c, budgets) === 'over').length;
  const degraded = shown.filter((c) => bandOf(c, budgets) === 'degraded').length;
  const summary =
    shown.length === 0
      ? 'No case was sent.'
      : `${shown.length} cases, slowest ${ms(slowest)}` +
        (budgets.degradedMs !== undefined ? `; ${degraded} degraded (over ${ms(budgets.degradedMs)})` : '') +
        (budgets.maxResponseMs !== undefined ? `; ${over} over the max budget of ${ms(budgets.maxResponseMs)}` : '') +
        '.';
  const title = `Response time per case${options.order === 'slowest-first' ? ', slowest first' : ', in run order'}`;

  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);

  // Tier groups under the axis, in run order only (sorted bars have no groups).
  const groups: { label: string; from: number; to: number }[] = [];
  if (options.order !== 'slowest-first') {
    shown.forEach((c, i) => {
      const last = groups[groups.length - 1];
      const label = c.group ?? c.tier;
      if (last && last.label === label) last.to = i;
      else groups.push({ label, from: i, to: i });
    });
  }

  // Budget labels sit right of the plot; two close budgets would overlap, so the lower one moves down.
  const labelY = budgetLines.map((b) => y(b.value));
  if (labelY.length === 2 && Math.abs((labelY[0] as number) - (labelY[1] as number)) < 13) labelY[0] = (labelY[1] as number) + 13;

  const legend: Band[] = ['within', ...(budgets.degradedMs !== undefined ? (['degraded'] as const) : []), ...(budgets.maxResponseMs !== undefined ? (['over'] as const) : [])];
  if (shown.some((c) => c.outcome === 'errored')) legend.push('unanswered');

  return html`<svg class="response-time-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" aria-label="${title}. ${summary}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="11" fill="${COLOUR.text}">
<title id="${id}-title">${title}</title>
<desc id="${id}-desc">${summary}</desc>
<g class="grid">${ticks.map(
    (t) =>
      html`<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${fixed(y(t))}" y2="${fixed(y(t))}" stroke="${COLOUR.grid}"/><text x="${MARGIN.left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end" fill="${COLOUR.axis}">${ms(t)}</text>`,
  )}</g>
<g class="bars">${shown.map((c, i) => {
    const band = bandOf(c, budgets);
    const height = Math.max(c.durationMs > 0 ? 1 : 0, (c.durationMs / top) * PLOT_H);
    return html`<rect class="bar ${band}" data-case="${c.caseId}" x="${fixed(x(i))}" y="${fixed(MARGIN.top + PLOT_H - height)}" width="${fixed(barWidth)}" height="${fixed(height)}" fill="${COLOUR[band]}"><title>${c.caseId}: ${ms(c.durationMs)} (${c.tier}, ${c.outcome}, ${bandLabel(band, budgets)})</title></rect>`;
  })}</g>
<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H}" stroke="${COLOUR.axis}"/>
<g class="tiers">${groups.map((g) => {
    const from = MARGIN.left + g.from * slot;
    const to = MARGIN.left + (g.to + 1) * slot;
    const fits = to - from >= g.label.length * LABEL_CHAR_PX + 6;
    return html`<line x1="${fixed(from + 1)}" x2="${fixed(to - 1)}" y1="${MARGIN.top + PLOT_H + 6}" y2="${MARGIN.top + PLOT_H + 6}" stroke="${COLOUR.axis}"/>${fits ? html`<text class="tier-label" x="${fixed((from + to) / 2)}" y="${MARGIN.top + PLOT_H + 19}" text-anchor="middle" fill="${COLOUR.axis}">${g.label}</text>` : ''}`;
  })}</g>
<g class="budgets">${budgetLines.map(
    (b, i) =>
      html`<line class="budget ${b.key}" x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${fixed(y(b.value))}" y2="${fixed(y(b.value))}" stroke="${b.colour}" stroke-width="1.5" stroke-dasharray="6 4"/><text class="budget-label ${b.key}" x="${MARGIN.left + PLOT_W + 6}" y="${fixed((labelY[i] as number) + 4)}" fill="${b.colour}" font-weight="600">${b.label} ${ms(b.value)}</text>`,
  )}</g>
<text x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 22}" text-anchor="middle" fill="${COLOUR.axis}">${shown.length} cases ${options.order === 'slowest-first' ? 'slowest first' : 'in run order'}${shown.length < cases.length ? html` (${cases.length - shown.length} skipped, not shown)` : ''}</text>
<g class="legend">${legend.map(
    (band, i) =>
      html`<rect x="${MARGIN.left + i * 150}" y="${HEIGHT - 12}" width="10" height="10" fill="${COLOUR[band]}"/><text x="${MARGIN.left + i * 150 + 14}" y="${HEIGHT - 3}">${bandLabel(band, budgets)}</text>`,
  )}</g>
${shown.length === 0 ? html`<text x="${MARGIN.left + PLOT_W / 2}" y="${MARGIN.top + PLOT_H / 2}" text-anchor="middle" fill="${COLOUR.axis}">No case was sent.</text>` : ''}
</svg>`;
}
