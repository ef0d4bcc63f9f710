/**
 * How a request's Accept and Accept-Encoding read (RFC 9110, 12.4.2, 12.5.1 and 12.5.3): which
 * media types and codings they admit. One reading for the suite's tiers, checks and reproductions.
 */

interface Member {
  /** The media range or coding, lower-cased. */
  name: string;
  /** Its weight: 1 unless a `q` parameter says otherwise; 0 means "not acceptable". */
  q: number;
}

/** The members of an Accept or Accept-Encoding field value, each with its weight. */
function members(field: string): Member[] {
  return field
    .split(',')
    .map((part) => {
      const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const weight = parameters.find((p) => /^q\s*=/i.test(p));
      const q = weight === undefined ? 1 : Number(weight.split('=')[1]);
      return { name: name.toLowerCase(), q: Number.isFinite(q) ? q : 1 };
    })
    .filter((member) => member.name !== '');
}

/** The weight the most specific member naming it gives: an exact name, then the first that matches. */
const weightOf = (list: readonly Member[], ...names: readonly string[]): number | undefined => {
  for (const name of names) {
    const found = list.find((member) => member.name === name);
    if (found !== undefined) return found.q;
  }
  return undefined;
};

/**
 * Whether an Accept admits a JSON answer. No Accept at all admits any media type (RFC 9110,
 * 12.5.1); otherwise `application/json`, `application/*` or `*\/*` with a weight above 0, the most
 * specific one that is listed deciding.
 */
export function acceptAdmitsJson(accept: string | false): boolean {
  if (accept === false) return true;
  const list = members(accept);
  if (list.length === 0) return true;
  return (weightOf(list, 'application/json', 'application/*', '*/*') ?? 0) > 0;
}

/**
 * Whether a request that sent this Accept-Encoding offered `coding`: listed with a weight above
 * 0, or matched by `*` (RFC 9110, 12.5.3). `identity`, no coding at all, is always acceptable here.
 */
export function codingOffered(acceptEncoding: string, coding: string): boolean {
  const name = coding.toLowerCase();
  if (name === 'identity') return true;
  // x-gzip is gzip (RFC 9110, 8.4.1.3).
  const aliases = name === 'x-gzip' ? ['gzip', 'x-gzip'] : name === 'gzip' ? ['gzip', 'x-gzip'] : [name];
  return (weightOf(members(acceptEncoding), ...aliases, '*') ?? 0) > 0;
}

/** The codings a Content-Encoding lists, in the order they were applied, lower-cased. */
export const contentCodings = (contentEncoding: string | undefined): string[] =>
  (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
