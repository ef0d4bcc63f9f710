import { html, type Markup } from '../reports/html-markup';
import { messageParts } from './drift-difference';
import { type DriftReport, type DriftStatus } from './drift-report';

/**
 * The "Contract drift" section of report.html. Everything the live document said is escaped by
 * the `html` tag; the classes follow html-report.ts (`meta`, `none`, badges), plus a few below.
 */

const STATUS_LABEL: Record<DriftStatus, string> = {
  'no-drift': 'no drift',
  drift: 'drift',
  skipped: 'skipped',
  unusable: 'not checked',
};

const htmlMessage = (message: string): Markup =>
  html`${messageParts(message).map((part) => (part.code ? html`<code>${part.text}</code>` : part.text))}`;

function opening(report: DriftReport): Markup {
  switch (report.status) {
    case 'no-drift':
      return html`<p class="meta">The live document's <code>${report.operation}</code> matches <code>${report.vendoredSpec}</code>.</p>`;
    case 'drift':
      return html`<p class="meta">
        <b>${report.breaking}</b> breaking and <b>${report.nonBreaking}</b> non-breaking difference(s) for a client written against
        <code>${report.vendoredSpec}</code>.
      </p>`;
    case 'skipped':
      return html`<p class="meta">Skipped: ${report.reason}.</p>`;
    case 'unusable':
      return html`<p class="meta drift-warning">The live document could not be compared: ${report.reason}.</p>`;
  }
}

/** Styles for the section, to append to the report's style sheet. */
export const DRIFT_STYLE = `
#drift .drift-status { font-size: 12px; font-weight: 600; padding: 1px 7px; border-radius: 4px; margin-left: 6px; vertical-align: middle; }
#drift .drift-status.no-drift { background: var(--passed-bg); color: var(--passed); }
#drift .drift-status.drift { background: var(--failed-bg); color: var(--failed); }
#drift .drift-status.skipped, #drift .drift-status.unusable { background: var(--skipped-bg); color: var(--skipped); }
#drift .drift-warning { color: var(--skipped); }
#drift tr.breaking td.effect { color: var(--failed); font-weight: 600; }
#drift td.effect { white-space: nowrap; }
`;

export function renderDriftHtml(report: DriftReport): string {
  return html` <section id="drift" data-drift-status="${report.status}">
    <h2>Contract drift <span class="drift-status ${report.status}">${STATUS_LABEL[report.status]}</span></h2>
    <p class="meta">Live document <code>${report.liveSpecUrl}</code> compared with <code>${report.vendoredSpec}</code>.</p>
    ${opening(report)}
    ${
      report.differences.length > 0
        ? html` <table class="drift">
            <tr>
              <th>effect</th>
              <th>where</th>
              <th>what changed</th>
            </tr>
            ${report.differences.map(
              (d) =>
                html`<tr class="${d.breaking ? 'breaking' : 'non-breaking'}" data-kind="${d.kind}">
                  <td class="effect">${d.breaking ? 'breaking' : 'non-breaking'}</td>
                  <td><code>${d.location}</code></td>
                  <td>${htmlMessage(d.message)}</td>
                </tr>`,
            )}
          </table>`
        : ''
    }
  </section>`.text;
}
