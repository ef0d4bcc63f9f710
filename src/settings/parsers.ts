/**
 * Readers of one setting's text: each returns the value or throws a SetupError that names the
 * setting (or the flag that stood in for it), shows the value unless it may be a secret, and says
 * how to fix it. The table of settings pairs each setting with one of these.
 */
import { MIN_SECRET_LENGTH } from '../redaction';
import { SetupError } from '../setup-error';
import { shownValue } from './shown-value';

/** Reads one setting's trimmed, non-empty text; `name` is how the message names it (a variable or a flag). */
export type Parser<T> = (raw: string, name: string) => T;

export interface Range {
  min: number;
  max: number;
}

/** A URL as a message may quote it: user info and a query can carry credentials. */
function shownUrl(raw: string): string {
  const hidden = raw.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1(credentials hidden)@').replace(/([?#]).*$/, '$1(hidden)');
  return shownValue(hidden);
}

export const text: Parser<string> = (raw) => raw;

/** A yes or no: `true`/`false`, `1`/`0`, `yes`/`no`, in any case. */
export const yesNo: Parser<boolean> = (raw, name) => {
  const word = raw.toLowerCase();
  if (['true', '1', 'yes'].includes(word)) return true;
  if (['false', '0', 'no'].includes(word)) return false;
  throw new SetupError(`${name} is ${JSON.stringify(raw.slice(0, 40))}, which is neither true nor false. Set it to true or false.`, name);
};

/** The host's CI marker, read as CI services set it: any value but `false` or `0` means a CI run. */
export const ciMarker: Parser<boolean> = (raw) => !['false', '0'].includes(raw.toLowerCase());

/** A comma-separated list, blanks dropped. */
export const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** An absolute http(s) URL of an API (no query, fragment or credentials), without a trailing slash. */
export function apiUrl(example: string): Parser<string> {
  return (raw, name) => {
    // `localhost:47123` parses as the scheme `localhost:`, `https//host` as a path; say what is wrong instead.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
      const mangled = /^(https?):?\/*(.*)$/i.exec(raw);
      const guess = mangled
        ? `${mangled[1]?.toLowerCase()}://${mangled[2]}`
        : /^(localhost|127\.|\[::1\])/i.test(raw)
          ? `http://${raw}`
          : `https://${raw}`;
      const what = mangled ? 'whose scheme is malformed' : 'which has no scheme';
      throw new SetupError(`${name} is ${shownUrl(raw)}, ${what}. Set it to an absolute http(s) URL such as ${shownUrl(guess)}.`, name);
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new SetupError(`${name} is ${shownUrl(raw)}, which is not a URL. Set it to an absolute http(s) URL such as ${example}.`, name);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SetupError(
        `${name} is ${shownUrl(raw)}, whose scheme ${url.protocol} is not http or https. Set it to an http(s) URL such as ${example}.`,
        name,
      );
    }
    if (url.search || url.hash) {
      throw new SetupError(
        `${name} is ${shownUrl(raw)}, which has a query or fragment. Set it to the API's base URL alone, such as ${example}.`,
        name,
      );
    }
    if (url.username || url.password) {
      throw new SetupError(
        `${name} has credentials in it. Remove them from the URL and use STREAMKAP_TOKEN or STREAMKAP_CLIENT_ID and STREAMKAP_SECRET.`,
        name,
      );
    }
    // The base URL may carry a path prefix (/api); joining must keep it, so drop only the trailing slash.
    return url.toString().replace(/\/+$/, '');
  };
}

/** The API's base URL: an API URL that is not one pipeline's metrics URL pasted whole. */
export const baseUrl: Parser<string> = (raw, name) => {
  const url = apiUrl('https://api.streamkap.com')(raw, name);
  const parsed = new URL(url);
  const pasted = /^(.*)\/pipelines\/([^/]+)\/metrics\/?$/.exec(parsed.pathname);
  if (pasted) {
    const base = `${parsed.origin}${pasted[1]}`;
    throw new SetupError(
      `${name} is ${shownUrl(raw)}, the metrics URL of one pipeline, not the API's base URL. Set ${name} to ${shownUrl(base)} and STREAMKAP_PIPELINE_ID to ${shownUrl(decodeURIComponent(pasted[2] ?? ''))}; the suite adds /pipelines/{id}/metrics itself.`,
      name,
    );
  }
  return url;
};

/**
 * A Pushgateway's base URL, with any path prefix, and user:password@ for Basic authentication
 * (kept: the push needs it, and every message shows it hidden).
 */
export const pushgatewayUrl: Parser<string> = (raw, name) => {
  const fix = 'Set it to the Pushgateway base URL, such as http://pushgateway.example.com:9091, or unset it to push nothing.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SetupError(`${name} is ${shownUrl(raw)}, which is not a URL. ${fix}`, name);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SetupError(`${name} is ${shownUrl(raw)}, whose scheme ${url.protocol} is not http or https. ${fix}`, name);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new SetupError(`${name} is ${shownUrl(raw)}, which has a query or fragment. ${fix}`, name);
  }
  let password = url.password;
  try {
    password = decodeURIComponent(password);
  } catch {
    // measured as written
  }
  if (password !== '' && password.length < MIN_SECRET_LENGTH) throw tooShortSecret(`${name}'s password`, name);
  if (/\/metrics\/job(@base64)?\//.test(url.pathname)) {
    throw new SetupError(
      `${name} is ${shownUrl(raw)}, which already names a job; the suite adds /metrics/job/streamkap_conformance/target/<base URL> itself. ${fix}`,
      name,
    );
  }
  return raw;
};

/**
 * A secret so short that it stands in ordinary text everywhere (a count, a status, the word "a"):
 * replacing it would garble every report, and leaving it would show it. Its value is not shown.
 */
export function tooShortSecret(what: string, name: string): SetupError {
  return new SetupError(
    `${what} is shorter than ${MIN_SECRET_LENGTH} characters (its value is not shown). A secret that short cannot be kept out of the console and the reports: it stands as a word in ordinary text. Set it to the real credential as issued (tokens and secrets are far longer), or unset it.`,
    name,
  );
}

/**
 * A bearer token as RFC 6750 (2.1) spells one: visible ASCII without spaces. Anything else could
 * not go into a header, or would turn up later as a refused token or a failed connection that
 * blames STREAMKAP_BASE_URL.
 */
export const bearerToken: Parser<string> = (raw, name) => {
  if (/^[\x21-\x7e]+$/.test(raw)) return raw;
  const fix = /^bearer\s/i.test(raw) ? 'Remove the leading "Bearer ": the suite adds it' : 'Set it to the access token alone, as issued';
  throw new SetupError(`${name} has spaces or characters a bearer token cannot have (its value is not shown). ${fix}.`, name);
};

/** A whole number in a range; the message names the default to fall back on, when there is one. */
export function wholeNumber(range: Range, fallback?: string): Parser<number> {
  return (raw, name) => {
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
      const unset = fallback === undefined ? '' : `, or unset it for the default (${fallback})`;
      throw new SetupError(
        `${name} is ${shownValue(raw)}, which is not a whole number from ${range.min} to ${range.max}. Set it to such a number${unset}.`,
        name,
      );
    }
    return parsed;
  };
}

/** A rate; below one request per 100 s the gate's waits would outgrow what timers can express. */
export function positiveNumber(fallback: string): Parser<number> {
  return (raw, name) => {
    const parsed = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(parsed >= 0.01)) {
      throw new SetupError(
        `${name} is ${shownValue(raw)}, which is not a number of at least 0.01. Set it to such a number, or unset it for the default (${fallback}).`,
        name,
      );
    }
    return parsed;
  };
}

/** A response-time budget: off unless set. */
export const milliseconds: Parser<number> = (raw, name) => {
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new SetupError(
      `${name} is ${shownValue(raw)}, which is not a whole number of milliseconds of at least 1. Set it to such a number, such as 2000, or unset it to turn the budget off.`,
      name,
    );
  }
  return parsed;
};

/** A seed as fast-check takes one: a 32-bit integer, negative allowed. */
export const seed: Parser<number> = (raw, name) => {
  const parsed = Number(raw);
  if (!/^-?\d+$/.test(raw) || parsed < -(2 ** 31) || parsed >= 2 ** 31) {
    throw new SetupError(
      `${name} is ${shownValue(raw)}, which is not a whole number from -2147483648 to 2147483647. Set it to the seed a previous run printed, or unset it for a new one.`,
      name,
    );
  }
  return parsed;
};

const DRIFT_MODES = ['warn', 'fail'] as const;
export type DriftMode = (typeof DRIFT_MODES)[number];

export const driftMode: Parser<DriftMode> = (raw, name) => {
  if ((DRIFT_MODES as readonly string[]).includes(raw)) return raw as DriftMode;
  throw new SetupError(
    `${name} is ${shownValue(raw)}, which is neither warn nor fail. Set it to warn (show contract drift, exit unchanged) or fail (a breaking difference fails the run), or unset it for warn.`,
    name,
  );
};

/**
 * One pipeline id as it goes into the path /pipelines/{id}/metrics: a dot segment (`.`, `..`) or
 * a `/` would move the authenticated GET off the metrics path (to /pipelines/metrics, /metrics).
 */
function pipelineId(id: string, name: string): string {
  if (id === '.' || id === '..' || id.includes('/')) {
    throw new SetupError(
      `${name} names the pipeline ${shownValue(id)}, which ${id.includes('/') ? 'holds a /' : 'is a dot segment'}: the request would leave /pipelines/{id}/metrics for another path. Set it to the id of an existing pipeline, as the Streamkap app shows it.`,
      name,
    );
  }
  return id;
}

/** One or several comma-separated pipeline ids, each once. */
export const pipelineIds: Parser<string[]> = (raw, name) => {
  const ids = list(raw, name).map((id) => pipelineId(id, name));
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new SetupError(`${name} names ${shownValue(repeated)} twice. List each pipeline once.`, name);
  return ids;
};

export const onePipelineId: Parser<string> = (raw, name) => pipelineId(raw, name);
