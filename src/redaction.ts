/**
 * Below this length a secret cannot be kept out of the reports: one or two characters stand in
 * ordinary text everywhere (a status, a count, the word "a"). The settings refuse such a secret
 * (exit 2), and a token endpoint that issues one is refused the same way.
 */
export const MIN_SECRET_LENGTH = 3;

/** Below this length a secret is replaced only where it stands alone: `ab` in `about` is not it. */
const WHOLE_TOKEN_BELOW = 8;

/** A character that continues a token: a short secret next to one is part of another word. */
const WORD = '[\\p{L}\\p{N}_]';
/**
 * What may stand before a short secret that starts with a word character: a character that ends
 * a word, or an escape that stands for one (`\t` in JSON, `%20` in a URL, and the same escaped
 * twice), whose last character is a letter or digit though what it encodes is not.
 */
const BEFORE_TOKEN = `(?:^|[^\\p{L}\\p{N}_]|\\\\[bfnrt]|\\\\u[0-9A-Fa-f]{4}|\\\\x[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}|%25[0-9A-Fa-f]{2})`;
/** Checked once the first character matched: a search that looks behind at every position first is a hundred times slower. */
const STARTED_TOKEN = `(?<=${BEFORE_TOKEN}.)`;
const TOKEN_START = `(?<=${BEFORE_TOKEN})`;
/** What may follow a short secret that ends with a word character (every escape starts with a mark). */
const TOKEN_END = `(?!${WORD})`;
const STARTS_IN_WORD = new RegExp(`^${WORD}`, 'u');
const ENDS_IN_WORD = new RegExp(`${WORD}$`, 'u');

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A character every encoding leaves as it is. */
const PLAIN = /^[A-Za-z0-9]$/;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0');
const utf16Units = (text: string): number[] => [...text].flatMap((c) => Array.from({ length: c.length }, (_, i) => c.charCodeAt(i)));

/**
 * The encodings an output or an echoing server may apply to text, each spelling the whole text
 * one way: JSON strings (with `/` escaped, or every mark as `\uXXXX` as Go and Python do), HTML
 * (named entities, numeric in decimal and in hex), and percent-encoding (upper and lower hex, `+`
 * for a space).
 */
const ENCODINGS: ReadonlyArray<(text: string) => string> = [
  (text) => JSON.stringify(text).slice(1, -1),
  (text) => JSON.stringify(text).slice(1, -1).replace(/\//g, '\\/'),
  (text) =>
    utf16Units(text)
      .map((u) => (PLAIN.test(String.fromCharCode(u)) ? String.fromCharCode(u) : `\\u${hex(u, 4)}`))
      .join(''),
  (text) =>
    utf16Units(text)
      .map((u) => (PLAIN.test(String.fromCharCode(u)) ? String.fromCharCode(u) : `\\u${hex(u, 4).toUpperCase()}`))
      .join(''),
  escapeHtml,
  (text) => text.replace(/'/g, '&#x27;'),
  (text) => text.replace(/'/g, '&apos;'),
  (text) => [...text].map((c) => (PLAIN.test(c) ? c : `&#${c.codePointAt(0)};`)).join(''),
  (text) => [...text].map((c) => (PLAIN.test(c) ? c : `&#x${(c.codePointAt(0) ?? 0).toString(16)};`)).join(''),
  (text) => [...text].map((c) => (PLAIN.test(c) ? c : `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`)).join(''),
  (text) => [...text].map((c) => (PLAIN.test(c) ? c : percentEncoded(c))).join(''),
  (text) => [...text].map((c) => (PLAIN.test(c) ? c : percentEncoded(c).toLowerCase())).join(''),
  (text) => text.replace(/ /g, '+'),
];

/**
 * The encodings an output applies on top of an echo's own: summary.json and events.ndjson JSON,
 * report.html and junit.xml HTML, and a URL encoded twice. Fewer than the echo's own, so that the
 * finder stays small enough for the regular-expression engine to compile it natively.
 */
const OUTPUT_ENCODINGS: ReadonlyArray<(text: string) => string> = [
  (text) => JSON.stringify(text).slice(1, -1),
  escapeHtml,
  (text) => [...text].map((c) => (PLAIN.test(c) ? c : percentEncoded(c))).join(''),
];

const percentEncoded = (c: string): string => [...Buffer.from(c)].map((byte) => `%${hex(byte, 2).toUpperCase()}`).join('');

const spellingsOfMark = new Map<string, string>();

/**
 * A regular expression source for one character that is not plain: the character itself or any
 * spelling of it by one encoding, and that spelling encoded again as an output does it (the JSON
 * of a body in summary.json, the HTML of a JSON body in report.html, a URL encoded twice).
 * Spelling character by character covers servers that mix encodings within one value.
 */
function markSource(c: string): string {
  let source = spellingsOfMark.get(c);
  if (source === undefined) {
    const once = new Set([c, ...ENCODINGS.map((encode) => encode(c))]);
    const twice = new Set([...once].flatMap((spelling) => [spelling, ...OUTPUT_ENCODINGS.map((encode) => encode(spelling))]));
    source = alternatives([...twice]);
    spellingsOfMark.set(c, source);
  }
  return source;
}

/**
 * A source that matches any of the texts, grouped by first character so that the search tries
 * one branch per character rather than every text at every position; longest first within a group.
 */
function alternatives(texts: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  for (const text of texts) byFirst.set(text.charAt(0), [...(byFirst.get(text.charAt(0)) ?? []), text.slice(1)]);
  const branches = [...byFirst].map(([first, rests]) => {
    const sorted = rests.sort((a, b) => b.length - a.length).map(escapeForRegExp);
    return sorted.length === 1 && sorted[0] === '' ? escapeForRegExp(first) : `${escapeForRegExp(first)}(?:${sorted.join('|')})`;
  });
  return `(?:${branches.join('|')})`;
}

/** The longest run of plain characters: every spelling of the text contains it as it is. */
function plainCore(text: string): string {
  return (text.match(/[A-Za-z0-9]+/g) ?? []).reduce((longest, run) => (run.length > longest.length ? run : longest), '');
}

/**
 * The base64 and base64url spellings of text, alone and wherever it stands inside a longer value
 * (a Basic `id:secret`, a whole header encoded): at each of the three byte alignments, the run of
 * characters that depends on its bytes only. Those runs are too short to tell apart from other
 * base64 when the text is short, so a short text has only its own encoding.
 */
function base64Spellings(text: string): string[] {
  const bytes = Buffer.from(text);
  const spellings = new Set<string>();
  for (const alphabet of ['base64', 'base64url'] as const) {
    spellings.add(bytes.toString(alphabet));
    if (text.length < WHOLE_TOKEN_BELOW) continue;
    for (const offset of [0, 1, 2]) {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
      const first = Math.ceil((8 * offset) / 6);
      const last = Math.floor((8 * (offset + bytes.length)) / 6); // exclusive
      spellings.add(encoded.slice(first, last));
    }
  }
  return [...spellings].filter((spelling) => spelling !== '');
}

/** One thing to find: a text in any of its spellings, replaced by a placeholder. */
interface Literal {
  placeholder: string;
  /** Found only as a whole token (a short secret, or the base64 of one). */
  whole: boolean;
  /** Its longest run of plain characters, which every spelling keeps. */
  core: string;
  /** Its finder's source, built the first time a text may hold it (most never do). */
  source?: string;
}

/** The finder of one literal: each plain character as it is, every other in any of its spellings. */
function literalSource(text: string, whole: boolean): string {
  const characters = [...text].map((c) => (PLAIN.test(c) ? c : markSource(c)));
  const end = whole && ENDS_IN_WORD.test(text) ? TOKEN_END : '';
  if (!whole || !STARTS_IN_WORD.test(text)) return `${characters.join('')}${end}`;
  const [first, ...rest] = characters;
  return PLAIN.test(text.charAt(0)) ? `${first}${STARTED_TOKEN}${rest.join('')}${end}` : `${TOKEN_START}${characters.join('')}${end}`;
}

/** How many patterns a finder keeps, one per set of secrets that texts may hold. */
const MAX_PATTERNS = 64;

/** One literal's part of a finder. */
interface Finding {
  text: string;
  literal: Literal;
  /** A text in every spelling of the literal: without it in a text, the literal is not there. */
  anchor: string;
}

/** The run's finder, built once for the secrets known so far. */
interface Finder {
  findings: Finding[];
  /** Every finding's anchor, none containing another: a text with none of them holds no secret. */
  anchors: string[];
  /** The length of the shortest literal: a shorter text holds none. */
  shortest: number;
  /** The placeholders, matched as themselves so that redacting twice never rewrites one. */
  kept: string;
  /** One pattern per set of anchors present, compiled once: a text is searched for the secrets it may hold only. */
  patterns: Map<string, { pattern: RegExp; groups: Array<string | undefined> }>;
}

/**
 * Replaces every known secret in text with a placeholder. Secrets are added as they become known
 * (an exchanged token arrives mid-run), and each is found in every spelling an echo or a report
 * might give it: as is, JSON-escaped, HTML-escaped (named or numeric entities), percent-encoded,
 * each of these applied twice in sequence, in base64 and base64url (alone or inside a longer
 * encoded value), and inside the values known to carry it (the Authorization headers the run
 * sent). A secret shorter than 8 characters is replaced only where it stands as a whole token,
 * so a three-letter client id does not turn every word that contains it into a placeholder; an
 * escape before it (`\t` in JSON, `%09` in a URL) counts as the space it stands for.
 *
 * Nothing is compiled per call: the finder is built when the secrets change, a text that holds
 * none of the secrets' anchors (a run of letters and digits every spelling keeps) is returned
 * after a few `includes`, and the others are searched with one pattern per set of anchors they
 * hold, compiled the first time that set is met.
 */
export class Redactor {
  private readonly literals = new Map<string, Literal>();
  private readonly placeholders = new Set<string>();
  /** What was added, so that adding it again (once per request) costs a lookup. */
  private readonly added = new Set<string>();
  private finder: Finder | undefined;

  /**
   * Adds a secret, and the texts that carry it (an Authorization header with a short token), whose
   * encoded forms would hide it from a search for its own.
   */
  add(secret: string | undefined, placeholder: string, carriers: readonly string[] = []): void {
    if (secret === undefined || secret === '') return;
    // A long secret's own base64 runs are found inside any encoded carrier already.
    const whole = secret.length < WHOLE_TOKEN_BELOW;
    const key = whole ? [placeholder, secret, ...carriers].join('\u0000') : `${placeholder}\u0000${secret}`;
    if (this.added.has(key)) return;
    this.added.add(key);
    const literal = (text: string, isWhole: boolean): Literal => ({ placeholder, whole: isWhole, core: plainCore(text) });
    this.literals.set(secret, literal(secret, whole));
    for (const spelling of base64Spellings(secret)) this.literals.set(spelling, literal(spelling, whole));
    if (whole) {
      for (const carrier of carriers) {
        for (const spelling of base64Spellings(carrier))
          if (!this.literals.has(spelling)) this.literals.set(spelling, literal(spelling, false));
      }
    }
    this.placeholders.add(placeholder);
    this.finder = undefined;
  }

  redact(text: string): string {
    if (this.literals.size === 0) return text;
    const finder = (this.finder ??= this.compile());
    if (text.length < finder.shortest) return text;
    let present: string[] | undefined;
    for (const anchor of finder.anchors) if (text.includes(anchor)) (present ??= []).push(anchor);
    if (present === undefined) return text;
    const key = present.join('\u0000');
    let compiled = finder.patterns.get(key);
    if (compiled === undefined) {
      const findings = finder.findings.filter((finding) => present.includes(finding.anchor));
      const sources = findings.map(({ text, literal }) => `(${(literal.source ??= literalSource(text, literal.whole))})`);
      compiled = {
        pattern: new RegExp([finder.kept, ...sources].join('|'), 'gu'),
        groups: [undefined, ...findings.map(({ literal }) => literal.placeholder)],
      };
      // Texts hold few combinations of secrets; a run that meets many more starts the cache again.
      if (finder.patterns.size >= MAX_PATTERNS) finder.patterns.clear();
      finder.patterns.set(key, compiled);
    }
    const { pattern, groups } = compiled;
    return text.replace(pattern, (...args: unknown[]) => {
      const group = groups.findIndex((_, i) => args[i + 1] !== undefined);
      return groups[group] ?? (args[0] as string);
    });
  }

  private compile(): Finder {
    // Longest first, so a secret that contains another is replaced whole; a placeholder already in
    // the text is matched as itself first, so redacting twice never rewrites one.
    const literals = [...this.literals].sort(([a], [b]) => b.length - a.length);
    const placeholders = [...this.placeholders].sort((a, b) => b.length - a.length).map(escapeForRegExp);
    const cores = [...new Set(literals.map(([, literal]) => literal.core))];
    // A core that contains another adds nothing to the search for either; an empty one is in every text.
    const anchors = cores.filter((core) => !cores.some((other) => other !== core && core.includes(other)));
    const findings = literals.map(([text, literal]) => ({
      text,
      literal,
      anchor: anchors.find((anchor) => literal.core.includes(anchor)) ?? '',
    }));
    const shortest = Math.min(...literals.map(([text]) => text.length));
    return { findings, anchors, shortest, kept: `(${placeholders.join('|')})`, patterns: new Map() };
  }

  /** A deep copy of a plain-data value with every string redacted. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.redactDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.redact(key), this.redactDeep(item)])) as T;
    }
    return value;
  }
}

/**
 * Adds the user information of a URL setting (`https://user:password@host`) as secrets: the user,
 * the password, and both together as HTTP Basic sends them. A URL's credentials never show, even
 * when the server it names echoes the request. A user shorter than a secret can be is no secret
 * on its own: only the pair hides it.
 */
export function addUrlCredentials(redactor: Redactor, raw: string | undefined, setting: string): void {
  const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(raw?.trim() ?? '')?.[1];
  if (userInfo === undefined) return;
  const colon = userInfo.indexOf(':');
  const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const password = colon < 0 ? '' : userInfo.slice(colon + 1);
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const basic = `${decode(user)}:${decode(password)}`;
  for (const [value, what] of [
    [userInfo, 'credentials'],
    [basic, 'credentials'],
    [password, 'password'],
    [decode(password), 'password'],
    [user, 'user'],
    [decode(user), 'user'],
  ] as const) {
    if (value.length >= MIN_SECRET_LENGTH) redactor.add(value, `(${what} of ${setting})`);
  }
}
