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

/**
 * Replaces every known secret in text with a placeholder. Secrets are added as they become
 * known (an exchanged token arrives mid-run), in every spelling an echo might use.
 */
export class Redactor {
  private readonly replacements = new Map<string, string>();

  add(secret: string | undefined, placeholder: string): void {
    if (secret === undefined || secret.length < 4) return;
    for (const spelling of spellings(secret)) this.replacements.set(spelling, placeholder);
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.replacements.keys()].sort((a, b) => b.length - a.length)) {
      if (result.includes(secret)) result = result.split(secret).join(this.replacements.get(secret) ?? '***');
    }
    return result;
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
