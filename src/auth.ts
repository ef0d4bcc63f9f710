import { CREDENTIAL_VARIANT_SPECS, isCredentialVariant, variantPlaceholder, variantToken } from './credential-variants';
import { type Clock, systemClock } from './clock';
import type { HttpClient } from './http/http-client';
import type { AuthMode } from './model';
import { MIN_SECRET_LENGTH, type Redactor } from './redaction';
import { SetupError } from './setup-error';

/** A bearer token that no server issued: long, token-like, and obviously not a secret. */
export const GARBAGE_TOKEN = 'streamkap-conformance-not-a-real-token-0000000000';

export interface Credentials {
  token?: string;
  clientId?: string;
  secret?: string;
  tokenUrl: string;
  limitedToken?: string;
  limitedClientId?: string;
  limitedSecret?: string;
}

/** A token obtained earlier in the run, handed on so the exchange happens once. */
export interface IssuedToken {
  accessToken: string;
  expiresAt: number;
  /** When to exchange again: a little before expiry, so no request carries a dying token. */
  renewAt: number;
}

export interface Auth {
  /** The Authorization header for a mode; undefined means send none. */
  authorization(mode: AuthMode): Promise<string | undefined>;
  /** The current token, exchanging client credentials when there is none or it is about to expire. */
  accessToken(): Promise<IssuedToken>;
  /** Whether the run has a limited token, configured or exchanged. */
  hasLimitedToken: boolean;
  /** Whether the run's token comes from a client-credentials exchange rather than a configured token. */
  exchangesToken: boolean;
  /** Why a mode cannot be sent with this run's token (a variant that would be the token itself), if so. */
  unusable(mode: AuthMode): Promise<string | undefined>;
}

/** Renew when a fifth of a token's life, or a minute if that is less, is left. */
const RENEW_BEFORE_SHARE = 0.2;
const RENEW_BEFORE_MS = 60_000;

/** One grant: a fixed token, or client credentials exchanged (and renewed) at the token URL. */
interface Grant {
  token?: string;
  clientId?: string;
  secret?: string;
  /** How the settings spell this grant, for messages. */
  names: { token: string; clientId: string; secret: string };
  /** The placeholder reports show instead of the token. */
  placeholder: string;
}

async function exchange(client: HttpClient, tokenUrl: string, grant: Grant, clock: Clock): Promise<IssuedToken> {
  // A token's life counts from the request: the answer may have taken a while to arrive.
  const requestedAt = clock.now();
  const result = await client.postJson(tokenUrl, { client_id: grant.clientId, secret: grant.secret });
  const where = `the token exchange at ${tokenUrl}`;
  const { names } = grant;
  if (result.error) {
    throw new SetupError(
      `Could not reach ${where} (${result.error.code}: ${result.error.message}). Check STREAMKAP_TOKEN_URL (or STREAMKAP_BASE_URL, which it defaults from) and the network, or set ${names.token} instead.`,
      'STREAMKAP_TOKEN_URL',
    );
  }
  const { status, body } = result.response!;
  if (status === 401 || status === 403) {
    throw new SetupError(
      `${where} refused ${names.clientId} and ${names.secret} (HTTP ${status}). Check both values, or set ${names.token} to a bearer token instead.`,
      names.clientId,
    );
  }
  let parsed: { accessToken?: unknown; expiresIn?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // reported below
  }
  if (status !== 200 || typeof parsed.accessToken !== 'string' || parsed.accessToken === '') {
    throw new SetupError(
      `${where} answered HTTP ${status} without an accessToken. Check STREAMKAP_TOKEN_URL, or set ${names.token} to a bearer token instead.`,
      'STREAMKAP_TOKEN_URL',
    );
  }
  if (parsed.accessToken.length < MIN_SECRET_LENGTH) {
    // Sent, it could come back in any echo and be shown: the run stops before it goes anywhere.
    throw new SetupError(
      `${where} issued an accessToken shorter than ${MIN_SECRET_LENGTH} characters (not shown), too short to be kept out of the console and the reports. Check STREAMKAP_TOKEN_URL, or set ${names.token} to a bearer token instead.`,
      'STREAMKAP_TOKEN_URL',
    );
  }
  const lifetimeMs = (typeof parsed.expiresIn === 'number' && parsed.expiresIn > 0 ? parsed.expiresIn : 3600) * 1000;
  const expiresAt = requestedAt + lifetimeMs;
  return { accessToken: parsed.accessToken, expiresAt, renewAt: expiresAt - Math.min(RENEW_BEFORE_MS, lifetimeMs * RENEW_BEFORE_SHARE) };
}

/** The current token of one grant: its fixed token, or one exchanged when there is none or it is about to expire. */
function tokenSource(
  grant: Grant,
  tokenUrl: string,
  client: HttpClient,
  redactor: Redactor,
  clock: Clock,
  issued?: IssuedToken,
): () => Promise<IssuedToken> {
  redactor.add(grant.token, grant.placeholder);
  // Not a secret on its own, but half of a credential pair: reports have no use for it.
  redactor.add(grant.clientId, `$${grant.names.clientId}`);
  redactor.add(grant.secret, `$${grant.names.secret}`);
  redactor.add(issued?.accessToken, grant.placeholder);
  let current = issued;
  let pending: Promise<IssuedToken> | undefined;
  return async () => {
    if (grant.token !== undefined) {
      return { accessToken: grant.token, expiresAt: Number.POSITIVE_INFINITY, renewAt: Number.POSITIVE_INFINITY };
    }
    if (current && clock.now() < current.renewAt) return current;
    // One exchange at a time, however many cases ask at once.
    pending ??= exchange(client, tokenUrl, grant, clock).then(
      (token) => {
        redactor.add(token.accessToken, grant.placeholder);
        current = token;
        pending = undefined;
        return token;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/**
 * Bearer tokens for the run: the configured ones, or ones exchanged from client credentials and
 * renewed before they expire. Every token it learns goes to the redactor before anything can print it.
 */
export function createAuth(
  credentials: Credentials,
  client: HttpClient,
  redactor: Redactor,
  options: { issued?: IssuedToken; clock?: Clock } = {},
): Auth {
  const clock = options.clock ?? systemClock;
  // The run's grant and the limited one differ only in their settings' names.
  const grant = (prefix: 'STREAMKAP' | 'STREAMKAP_LIMITED', token?: string, clientId?: string, secret?: string): Grant => ({
    token,
    clientId,
    secret,
    names: { token: `${prefix}_TOKEN`, clientId: `${prefix}_CLIENT_ID`, secret: `${prefix}_SECRET` },
    placeholder: `$${prefix}_TOKEN`,
  });
  const main = grant('STREAMKAP', credentials.token, credentials.clientId, credentials.secret);
  const limited = grant('STREAMKAP_LIMITED', credentials.limitedToken, credentials.limitedClientId, credentials.limitedSecret);
  const accessToken = tokenSource(main, credentials.tokenUrl, client, redactor, clock, options.issued);
  const hasLimitedToken = credentials.limitedToken !== undefined || credentials.limitedClientId !== undefined;
  const limitedToken = tokenSource(limited, credentials.tokenUrl, client, redactor, clock);

  /** A header, known to the redactor as a carrier of its token: an echo may encode the header whole. */
  const carrying = (token: string, placeholder: string, header: string): string => {
    redactor.add(token, placeholder, [header]);
    return header;
  };

  /** A variant's header, its altered token known to the redactor before anything can print it. */
  async function variantHeader(mode: AuthMode): Promise<string | undefined> {
    if (!isCredentialVariant(mode)) return undefined;
    const token = (await accessToken()).accessToken;
    const header = CREDENTIAL_VARIANT_SPECS[mode].header(token);
    const altered = header === undefined ? undefined : variantToken(header);
    if (header === undefined || altered === undefined) return header;
    // A respelling carries the token itself, which keeps its own placeholder.
    return altered === token ? carrying(token, main.placeholder, header) : carrying(altered, variantPlaceholder(mode), header);
  }

  return {
    accessToken,
    hasLimitedToken,
    exchangesToken: credentials.token === undefined,
    async unusable(mode) {
      if (!isCredentialVariant(mode) || (await variantHeader(mode)) !== undefined) return undefined;
      return `the run's token would be unchanged by this variant (${CREDENTIAL_VARIANT_SPECS[mode].what}), so it would not test anything`;
    },
    async authorization(mode) {
      if (isCredentialVariant(mode)) return variantHeader(mode);
      switch (mode) {
        case 'none':
          return undefined;
        case 'garbage-token':
          return `Bearer ${GARBAGE_TOKEN}`;
        case 'limited-token': {
          if (!hasLimitedToken) return 'Bearer ';
          const token = (await limitedToken()).accessToken;
          return carrying(token, limited.placeholder, `Bearer ${token}`);
        }
        case 'wrong-scheme': {
          const token = (await accessToken()).accessToken;
          return carrying(token, main.placeholder, `Token ${token}`);
        }
        case 'token': {
          const token = (await accessToken()).accessToken;
          return carrying(token, main.placeholder, `Bearer ${token}`);
        }
      }
    },
  };
}
