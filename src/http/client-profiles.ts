import axios from 'axios';
import type { ClientProfile } from '../model';
import { ACCEPTED_ENCODINGS } from './body-decoding';

/**
 * The headers each client sends on a plain GET, as its current release does. A header a client
 * does not send is `false`: not sent at all, not even the HTTP library's default. Browsers also
 * offer `zstd`; Node 20 cannot read it, so the browser profiles offer what Safari does.
 */
export interface ClientProfileSpec {
  /** How a title or a report names it. */
  what: string;
  headers: Readonly<Record<'accept' | 'accept-encoding' | 'user-agent', string | false>>;
}

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export const CLIENT_PROFILE_SPECS: Readonly<Record<ClientProfile, ClientProfileSpec>> = {
  curl: { what: 'curl', headers: { accept: '*/*', 'accept-encoding': false, 'user-agent': 'curl/8.11.1' } },
  go: { what: "Go's net/http", headers: { accept: false, 'accept-encoding': 'gzip', 'user-agent': 'Go-http-client/1.1' } },
  'python-requests': {
    what: 'Python requests',
    headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate', 'user-agent': 'python-requests/2.32.3' },
  },
  undici: { what: "Node's fetch (undici)", headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'node' } },
  axios: {
    what: 'axios, the suite itself',
    headers: { accept: 'application/json, text/plain, */*', 'accept-encoding': ACCEPTED_ENCODINGS, 'user-agent': `axios/${axios.VERSION}` },
  },
  'browser-fetch': {
    what: "a browser's fetch()",
    headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': BROWSER_UA },
  },
  'browser-navigation': {
    what: 'a browser opening the URL',
    headers: {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': BROWSER_UA,
    },
  },
};

/** The profile a request carries when its case names none: the suite's own. */
export const DEFAULT_PROFILE: ClientProfile = 'axios';

/** What a request of this profile sends besides its credential: the profile's headers, then `extra` (validators sent back). */
export const profileHeaders = (
  profile: ClientProfile = DEFAULT_PROFILE,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string | false> => ({ ...CLIENT_PROFILE_SPECS[profile].headers, ...extra });

/** What a case's request says about the answers it takes: its Accept (its own, else its profile's) and Accept-Encoding; `false` for one not sent. */
export interface Negotiation {
  accept: string | false;
  acceptEncoding: string | false;
  /** Who sends it, as a finding names it: `curl`, `Go's net/http`. */
  who: string;
}

export const negotiationOf = (request: { profile?: ClientProfile; accept?: string }): Negotiation => {
  const spec = CLIENT_PROFILE_SPECS[request.profile ?? DEFAULT_PROFILE];
  return { accept: request.accept ?? spec.headers.accept, acceptEncoding: spec.headers['accept-encoding'], who: spec.what };
};

/** The Accept a request sent, in words: quoted, or that it sent none. */
export const acceptWords = (accept: string | false): string => (accept === false ? 'no Accept' : `Accept: ${accept}`);
