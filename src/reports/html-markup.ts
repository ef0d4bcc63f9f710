/**
 * HTML built with a template tag that escapes every interpolated value unless it is already
 * markup. Server answers end up in the report, so escaping is the default, not a step to remember.
 */

export class Markup {
  constructor(readonly text: string) {}
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

type Interpolation = Markup | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  return new Markup(strings.reduce((out, part, i) => out + render(values[i - 1] as Interpolation) + part));
}

/** Trusted text that is already HTML (the report's own style sheet and script). */
export const trusted = (text: string): Markup => new Markup(text);
