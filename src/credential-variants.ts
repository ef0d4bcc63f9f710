import type { CredentialVariant } from './model';

/**
 * The run's own token altered or respelled. Each variant says what it sends, how a reproduction
 * spells it in the shell (the token stays in `$STREAMKAP_TOKEN`), and whether it is still the
 * run's credential: a respelling a server must serve (`same`), another credential it must refuse
 * (`other`), or a spelling the RFCs leave to the server (`disputed`).
 */

type CredentialClass = 'same' | 'other' | 'disputed';

interface VariantSpec {
  /** The Authorization header for a token; undefined when the variant would be the token itself. */
  header(token: string): string | undefined;
  /** The header as a curl command writes it (bash), with the token in the environment. */
  shell: string;
  class: CredentialClass;
  what: string;
}

/** `~` is a legal token character (RFC 6750 b64token) that base64url, hex and JWTs never use. */
const changedFirst = (token: string): string => `${token.startsWith('~') ? '-' : '~'}${token.slice(1)}`;

const swapCase = (text: string): string => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

/** Undefined when the change leaves the token as it was (a token without letters has no other case). */
const unlessSame =
  (change: (token: string) => string, wrap: (changed: string) => string) =>
  (token: string): string | undefined => {
    const changed = change(token);
    return changed === token ? undefined : wrap(changed);
  };

export const CREDENTIAL_VARIANT_SPECS: Readonly<Record<CredentialVariant, VariantSpec>> = {
  'token-appended': {
    header: (token) => `Bearer ${token}x`,
    shell: 'Bearer ${STREAMKAP_TOKEN}x',
    class: 'other',
    what: 'the token with one character appended',
  },
  'token-truncated': {
    header: unlessSame(
      (token) => token.slice(0, -1),
      (changed) => `Bearer ${changed}`,
    ),
    shell: 'Bearer ${STREAMKAP_TOKEN%?}',
    class: 'other',
    what: 'the token without its last character',
  },
  'token-first-char-changed': {
    header: (token) => `Bearer ${changedFirst(token)}`,
    shell: 'Bearer ~${STREAMKAP_TOKEN#?}',
    class: 'other',
    what: 'the token with its first character replaced',
  },
  'token-other-case': {
    header: unlessSame(swapCase, (changed) => `Bearer ${changed}`),
    shell: 'Bearer ${STREAMKAP_TOKEN~~}',
    class: 'other',
    what: 'the token with every letter in the other case',
  },
  'token-empty': { header: () => 'Bearer', shell: 'Bearer', class: 'other', what: 'the scheme without a token' },
  'token-blank': { header: () => 'Bearer    ', shell: 'Bearer    ', class: 'other', what: 'the scheme and spaces, no token' },
  'header-empty': { header: () => '', shell: '', class: 'other', what: 'an empty Authorization header' },
  'scheme-lower-case': {
    header: (token) => `bearer ${token}`,
    shell: 'bearer $STREAMKAP_TOKEN',
    class: 'same',
    what: 'the scheme as bearer (RFC 7235: case-insensitive)',
  },
  'scheme-upper-case': {
    header: (token) => `BEARER ${token}`,
    shell: 'BEARER $STREAMKAP_TOKEN',
    class: 'same',
    what: 'the scheme as BEARER (RFC 7235: case-insensitive)',
  },
  'scheme-several-spaces': {
    header: (token) => `Bearer   ${token}`,
    shell: 'Bearer   $STREAMKAP_TOKEN',
    // Allowed, but not what every framework serves: FastAPI 0.92 splits the header at its first space and refuses it, 0.142 strips the rest.
    class: 'disputed',
    what: 'three spaces after the scheme (RFC 6750 allows 1*SP; FastAPI 0.92 refuses it, later versions serve it)',
  },
  'token-trailing-space': {
    header: (token) => `Bearer ${token} `,
    shell: 'Bearer $STREAMKAP_TOKEN ',
    class: 'same',
    what: 'a space after the token (HTTP strips it from the field value)',
  },
  'scheme-tab': {
    header: (token) => `Bearer\t${token}`,
    shell: 'Bearer\t$STREAMKAP_TOKEN',
    class: 'disputed',
    what: 'a tab after the scheme (RFC 6750 says a space; servers differ)',
  },
};

export const isCredentialVariant = (mode: string): mode is CredentialVariant => mode in CREDENTIAL_VARIANT_SPECS;

/** The placeholder that stands for a variant in reports: never any part of the token. */
export const variantPlaceholder = (variant: CredentialVariant): string => `$STREAMKAP_TOKEN(${variant})`;

/** The token as the variant's header carries it, for redaction (without the scheme and white space). */
export function variantToken(header: string): string | undefined {
  const token = /^\S+\s+(\S+)\s*$/.exec(header)?.[1];
  return token;
}
