/** The "Contract drift" sections of summary.md and report.html, including text a hostile live document chose. */
import { renderDriftHtml } from '../../src/drift/drift-html';
import { renderDriftMarkdown } from '../../src/drift/drift-markdown';
import type { DriftReport } from '../../src/drift/drift-report';

const base = {
  liveSpecUrl: 'http://127.0.0.1:8000/openapi.json',
  vendoredSpec: 'specs/streamkap-openapi.yaml',
  operation: 'GET /pipelines/{pipeline_id}/metrics',
};

const drift: DriftReport = {
  ...base,
  status: 'drift',
  breaking: 2,
  nonBreaking: 1,
  differences: [
    { kind: 'enum-value-removed', breaking: true, location: 'parameter time_unit', message: '`time_unit` no longer accepts `week`' },
    // A property name a live document chose: markup, a pipe and a backtick replaced by the differ.
    {
      kind: 'type-added',
      breaking: true,
      location: 'response 200 $.data["<img src=x onerror=alert(1)>|x"]',
      message: '`$.data["<img src=x onerror=alert(1)>|x\'"]` may now be a boolean',
    },
    { kind: 'parameter-added', breaking: false, location: 'parameter page', message: 'new optional query parameter `page`' },
  ],
};

describe('summary.md', () => {
  test('drift: the headline, then a row per difference with code as code', () => {
    const md = renderDriftMarkdown(drift);
    expect(md).toContain('## Contract drift\n');
    expect(md).toContain(
      'Contract drift: 2 breaking, 1 non-breaking difference(s) between http://127.0.0.1:8000/openapi.json and specs/streamkap-openapi.yaml.',
    );
    expect(md).toContain('| **breaking** | `parameter time_unit` | `time_unit` no longer accepts `week` |');
    expect(md).toContain('| non-breaking | `parameter page` | new optional query parameter `page` |');
  });

  test('a pipe in live text cannot break the table, nor markup become HTML', () => {
    const row =
      renderDriftMarkdown(drift)
        .split('\n')
        .find((line) => line.includes('onerror')) ?? '';
    // Three cells: the pipes that remain unescaped are the table's own four.
    expect(row.match(/(?<!\\)\|/g)?.length).toBe(4);
    // Markup only inside code spans, which Markdown shows as text.
    expect(row).toContain('<img');
    expect(row.replace(/`[^`]*`/g, '')).not.toContain('<');
  });

  test.each<[DriftReport, string]>([
    [
      { ...base, status: 'no-drift', differences: [], breaking: 0, nonBreaking: 0 },
      'Contract drift: none; GET /pipelines/{pipeline\\_id}/metrics',
    ],
    [
      {
        ...base,
        status: 'skipped',
        reason: 'the target answered 404: it publishes no OpenAPI document at http://127.0.0.1:8000/openapi.json',
        differences: [],
        breaking: 0,
        nonBreaking: 0,
      },
      'Contract drift: skipped, the target answered 404',
    ],
    [
      { ...base, status: 'unusable', reason: 'it is an HTML or XML page', differences: [], breaking: 0, nonBreaking: 0 },
      'is unusable: it is an HTML or XML page',
    ],
  ])('%#: a report without differences is one line', (report, text) => {
    const md = renderDriftMarkdown(report);
    expect(md).toContain(text);
    expect(md).not.toContain('| where |');
  });
});

/** The section with the whitespace between tags dropped, as a browser would lay it out. */
const squeeze = (page: string): string => page.replace(/>\s+</g, '><').replace(/\s+/g, ' ');

describe('report.html', () => {
  test('drift: a table, breaking rows marked, code as code, live text escaped', () => {
    const page = squeeze(renderDriftHtml(drift));
    expect(page).toContain('<section id="drift" data-drift-status="drift">');
    expect(page).toContain('<span class="drift-status drift">drift</span>');
    expect(page).toContain(
      '<tr class="breaking" data-kind="enum-value-removed"><td class="effect">breaking</td><td><code>parameter time_unit</code></td><td><code>time_unit</code> no longer accepts <code>week</code></td></tr>',
    );
    expect(page).toContain('<code>$.data[&quot;&lt;img src=x onerror=alert(1)&gt;|x&#39;&quot;]</code> may now be a boolean');
    expect(page).not.toContain('<img');
  });

  test.each<[DriftReport, string]>([
    [{ ...base, status: 'no-drift', differences: [], breaking: 0, nonBreaking: 0 }, '<span class="drift-status no-drift">no drift</span>'],
    [
      { ...base, status: 'skipped', reason: 'the target answered 404', differences: [], breaking: 0, nonBreaking: 0 },
      '<p class="meta">Skipped: the target answered 404.</p>',
    ],
    [
      { ...base, status: 'unusable', reason: 'it is <b>HTML</b>', differences: [], breaking: 0, nonBreaking: 0 },
      'could not be compared: it is &lt;b&gt;HTML&lt;/b&gt;.',
    ],
  ])('%#: a report without differences has no table', (report, text) => {
    const page = squeeze(renderDriftHtml(report));
    expect(page).toContain(text);
    expect(page).not.toContain('<table');
  });
});
