/**
 * Replaces every known secret in text with a placeholder. Secrets are added as they become
 * known (an exchanged token arrives mid-run), and their base64 forms are covered too, since a
 * server may echo a Basic header back.
 */
export class Redactor {
  private readonly replacements = new Map<string, string>();

  add(secret: string | undefined, placeholder: string): void {
    if (secret === undefined || secret.length < 4) return;
    this.replacements.set(secret, placeholder);
    this.replacements.set(Buffer.from(secret).toString('base64'), placeholder);
    this.replacements.set(encodeURIComponent(secret), placeholder);
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
