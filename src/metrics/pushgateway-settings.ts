import { SetupError } from '../setup-error';

type Environment = Readonly<Record<string, string | undefined>>;

/** The URL as a message may quote it: user info and a query can carry credentials. */
const shown = (raw: string): string =>
  JSON.stringify(raw.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1(credentials hidden)@').replace(/([?#]).*$/, '$1(hidden)'));

/**
 * Reads STREAMKAP_PUSHGATEWAY_URL, the Pushgateway's base URL (with any path prefix, and
 * user:password@ for Basic authentication); undefined pushes nothing.
 * @throws SetupError naming the setting when it is no http(s) URL or has a query or fragment.
 */
export function readPushgatewayUrl(env: Environment): string | undefined {
  const raw = env.STREAMKAP_PUSHGATEWAY_URL?.trim();
  if (raw === undefined || raw === '') return undefined;
  const fix = 'Set it to the Pushgateway base URL, such as http://pushgateway.example.com:9091, or unset it to push nothing.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SetupError(`STREAMKAP_PUSHGATEWAY_URL is ${shown(raw)}, which is not a URL. ${fix}`, 'STREAMKAP_PUSHGATEWAY_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SetupError(
      `STREAMKAP_PUSHGATEWAY_URL is ${shown(raw)}, whose scheme ${url.protocol} is not http or https. ${fix}`,
      'STREAMKAP_PUSHGATEWAY_URL',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new SetupError(`STREAMKAP_PUSHGATEWAY_URL is ${shown(raw)}, which has a query or fragment. ${fix}`, 'STREAMKAP_PUSHGATEWAY_URL');
  }
  if (/\/metrics\/job(@base64)?\//.test(url.pathname)) {
    throw new SetupError(
      `STREAMKAP_PUSHGATEWAY_URL is ${shown(raw)}, which already names a job; the suite adds /metrics/job/streamkap_conformance/target/<base URL> itself. ${fix}`,
      'STREAMKAP_PUSHGATEWAY_URL',
    );
  }
  return raw;
}
