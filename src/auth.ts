import type { HttpClient } from './http/http-client';
import type { AuthMode } from './model';
import type { Redactor } from './redaction';
import { SetupError } from './setup-error';

/** A bearer token that no server issued: long, token-like, and obviously not a secret. */
export const GARBAGE_TOKEN = 'streamkap-conformance-not-a-real-token-0000000000';

export interface Credentials {
  token?: string;
  clientId?: string;
  secret?: string;
  tokenUrl: string;
  limitedToken?: string;
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
}

/** Renew when a fifth of a token's life, or a minute if that is less, is left. */
const RENEW_BEFORE_SHARE = 0.2;
const RENEW_BEFORE_MS = 60_000;

async function exchange(client: HttpClient, credentials: Credentials): Promise<IssuedToken> {
  const requestedAt = Date.now();
  const result = await client.postJson(credentials.tokenUrl, { client_id: credentials.clientId, secret: credentials.secret });
  const where = `the token exchange at ${credentials.tokenUrl}`;
  if (result.error) {
    throw new SetupError(
      `Could not reach ${where} (${result.error.code}: ${result.error.message}). Check STREAMKAP_TOKEN_URL (or STREAMKAP_BASE_URL, which it defaults from) and the network, or set STREAMKAP_TOKEN instead.`,
      'STREAMKAP_TOKEN_URL',
    );
  }
  const { status, body } = result.response!;
  if (status === 401 || status === 403) {
    throw new SetupError(
      `${where} refused STREAMKAP_CLIENT_ID and STREAMKAP_SECRET (HTTP ${status}). Check both values, or set STREAMKAP_TOKEN to a bearer token instead.`,
      'STREAMKAP_CLIENT_ID',
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
      `${where} answered HTTP ${status} without an accessToken. Check STREAMKAP_TOKEN_URL, or set STREAMKAP_TOKEN to a bearer token instead.`,
      'STREAMKAP_TOKEN_URL',
    );
  }
  const lifetimeMs = (typeof parsed.expiresIn === 'number' && parsed.expiresIn > 0 ? parsed.expiresIn : 3600) * 1000;
  const expiresAt = requestedAt + lifetimeMs;
  return { accessToken: parsed.accessToken, expiresAt, renewAt: expiresAt - Math.min(RENEW_BEFORE_MS, lifetimeMs * RENEW_BEFORE_SHARE) };
}

/**
 * Bearer tokens for the run: the configured one, or one exchanged from client credentials and
 * renewed before it expires. Every token it learns goes to the redactor before anything can print it.
 */
export function createAuth(credentials: Credentials, client: HttpClient, redactor: Redactor, issued?: IssuedToken): Auth {
  redactor.add(credentials.token, '$STREAMKAP_TOKEN');
  // Not a secret on its own, but half of a credential pair: reports have no use for it.
  redactor.add(credentials.clientId, '$STREAMKAP_CLIENT_ID');
  redactor.add(credentials.secret, '$STREAMKAP_SECRET');
  redactor.add(credentials.limitedToken, '$STREAMKAP_LIMITED_TOKEN');
  redactor.add(issued?.accessToken, '$STREAMKAP_TOKEN');
  let current = issued;
  let pending: Promise<IssuedToken> | undefined;

  async function accessToken(): Promise<IssuedToken> {
    if (credentials.token !== undefined) {
      return { accessToken: credentials.token, expiresAt: Number.POSITIVE_INFINITY, renewAt: Number.POSITIVE_INFINITY };
    }
    if (current && Date.now() < current.renewAt) return current;
    // One exchange at a time, however many cases ask at once.
    pending ??= exchange(client, credentials).then(
      (token) => {
        redactor.add(token.accessToken, '$STREAMKAP_TOKEN');
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
  }

  return {
    accessToken,
    async authorization(mode) {
      switch (mode) {
        case 'none':
          return undefined;
        case 'garbage-token':
          return `Bearer ${GARBAGE_TOKEN}`;
        case 'limited-token':
          return `Bearer ${credentials.limitedToken ?? ''}`;
        case 'wrong-scheme':
          return `Token ${(await accessToken()).accessToken}`;
        case 'token':
          return `Bearer ${(await accessToken()).accessToken}`;
      }
    },
  };
}
