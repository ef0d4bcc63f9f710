/** Text in Markdown, shared by the run's summary and the drift section inside it. */

/**
 * Server text is shown as text: on one line, with every mark escaped that could start emphasis,
 * a link, code, a table cell, an entity or HTML.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** A code span that no backtick inside can close early. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
