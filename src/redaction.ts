/**
 * The ways a server may spell a secret it echoes back: as is, in a Basic header (base64),
 * percent-encoded in either case, or inside a JSON string (with `/` escaped, as some encoders do).
 */
function spellings(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    json,
    json.replace(/\//g, '\\/'),
  ];
}

/** Below this length a secret is replaced only where it stands alone: `ab` in `about` is not it. */
const WHOLE_TOKEN_BELOW = 8;
/** A character that continues a token: a short secret next to one is part of another word. */
const WORD = '[\\p{L}\\p{N}_]';
const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const STARTS_IN_WORD = new RegExp(`^${WORD}`, 'u');
const ENDS_IN_WORD = new RegExp(`${WORD}$`, 'u');

/** A regular expression source that finds `spelling`: anywhere, or, when short, only as a whole token. */
function finder(spelling: string): string {
  const escaped = escapeForRegExp(spelling);
  if (spelling.length >= WHOLE_TOKEN_BELOW) return escaped;
  const before = STARTS_IN_WORD.test(spelling) ? `(?<!${WORD})` : '';
  const after = ENDS_IN_WORD.test(spelling) ? `(?!${WORD})` : '';
  return `${before}${escaped}${after}`;
}

/**
 * Replaces every known secret in text with a placeholder. Secrets are added as they become
 * known (an exchanged token arrives mid-run), in every spelling an echo might use. Every secret
 * counts, whatever its length; a short one is replaced only as a whole token, so a one-letter
 * client id does not turn every word that contains the letter into a placeholder.
 */
export class Redactor {
  private readonly replacements = new Map<string, string>();
  private readonly placeholders = new Set<string>();

  add(secret: string | undefined, placeholder: string): void {
    if (secret === undefined || secret === '') return;
    for (const spelling of spellings(secret)) if (spelling !== '') this.replacements.set(spelling, placeholder);
    this.placeholders.add(placeholder);
  }

  redact(text: string): string {
    const present = [...this.replacements.keys()].filter((spelling) => text.includes(spelling));
    if (present.length === 0) return text;
    // One pass, longest first, so a secret that contains another is replaced whole; a placeholder
    // already in the text is matched as itself, so redacting twice never rewrites one.
    const kept = [...this.placeholders].filter((placeholder) => text.includes(placeholder));
    const sources = [...new Set([...present, ...kept])].sort((a, b) => b.length - a.length).map(finder);
    const pattern = new RegExp(sources.join('|'), 'gu');
    return text.replace(pattern, (found) => (this.placeholders.has(found) ? found : (this.replacements.get(found) ?? found)));
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
 * when the server it names echoes the request.
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
  for (const [value, what] of [
    [userInfo, 'credentials'],
    [`${decode(user)}:${decode(password)}`, 'credentials'],
    [password, 'password'],
    [decode(password), 'password'],
    [user, 'user'],
    [decode(user), 'user'],
  ] as const) {
    redactor.add(value, `(${what} of ${setting})`);
  }
}
