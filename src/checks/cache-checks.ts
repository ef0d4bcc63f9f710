import type { Check } from './observation';

/**
 * Cache-Control's directives, lower-cased, each with its argument if any (RFC 9111 5.2): a token or
 * a quoted string, in which a comma separates nothing (`private="Set-Cookie, Authorization"`).
 */
function directives(header: string | undefined): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const [, name = '', quoted, token] of (header ?? '').matchAll(/([^\s,=]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/g)) {
    found.set(name.toLowerCase(), quoted?.replace(/\\(.)/g, '$1') ?? token);
  }
  return found;
}

/**
 * An answer to a request that carried credentials is not made storable by shared caches (RFC 9111
 * 3.5): `public`, `s-maxage` or `must-revalidate` would let a CDN or proxy serve one client's
 * metrics to another. `private`, `no-store` and `no-cache` keep it out of them (or make every reuse
 * ask the origin, which checks the credential), and `Vary: Authorization` (or `*`) keys it by the
 * credential; no Cache-Control at all leaves it unstorable by shared caches. `private` or
 * `no-cache` with a list of field names keeps only those fields back (RFC 9111 5.2.2.4, 5.2.2.7):
 * the rest of the answer stays shareable.
 */
export const authenticatedResponseNotSharedCacheable: Check = ({ testCase, response }) => {
  if (testCase.auth === 'none') return [];
  const cacheControl = directives(response.headers['cache-control']);
  const sharing = ['public', 's-maxage', 'must-revalidate'].filter((name) => cacheControl.has(name));
  const unqualified = (name: string) => cacheControl.has(name) && cacheControl.get(name) === undefined;
  if (sharing.length === 0 || cacheControl.has('no-store') || unqualified('private') || unqualified('no-cache')) return [];
  const vary = (response.headers.vary ?? '').split(',').map((s) => s.trim().toLowerCase());
  if (vary.includes('authorization') || vary.includes('*')) return [];
  const qualified = ['private', 'no-cache'].filter((name) => cacheControl.has(name));
  return [
    {
      check: 'authenticated_response_not_shared_cacheable',
      title: 'Answer to a credential made storable by shared caches',
      message:
        `The ${response.status} answer to a request with an Authorization header says Cache-Control: ${response.headers['cache-control']}; ` +
        `${sharing.join(', ')} lets a shared cache store it and serve it to other clients (RFC 9111, 3.5)` +
        (qualified.length > 0 ? `, and ${qualified.join(' and ')} with field names keeps back only those fields (RFC 9111, 5.2.2)` : '') +
        '. Add private or no-store, or Vary: Authorization.',
    },
  ];
};
