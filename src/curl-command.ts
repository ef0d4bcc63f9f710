import { GARBAGE_TOKEN } from './auth';
import { CREDENTIAL_VARIANT_SPECS, isCredentialVariant } from './credential-variants';
import { CLIENT_PROFILE_SPECS } from './http/client-profiles';
import type { AuthMode, WireRequest } from './model';

/** What the Authorization header looks like in a reproduction: secrets stay in the environment. */
const PLACEHOLDERS: Partial<Record<AuthMode, string | undefined>> = {
  token: 'Bearer $STREAMKAP_TOKEN',
  none: undefined,
  'garbage-token': `Bearer ${GARBAGE_TOKEN}`,
  'wrong-scheme': 'Token $STREAMKAP_TOKEN',
  'limited-token': 'Bearer $STREAMKAP_LIMITED_TOKEN',
};

/** What the Authorization header looks like in a reproduction: secrets stay in the environment. */
export const authorizationPlaceholder = (mode: AuthMode): string | undefined =>
  isCredentialVariant(mode) ? CREDENTIAL_VARIANT_SPECS[mode].shell : PLACEHOLDERS[mode];

const singleQuoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A word the shell takes as it is: quoted only when it holds more than the characters of a plain URL or id. */
export const shellWord = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : singleQuoted(text));

/**
 * What makes curl send a client profile's headers instead of its own (`Accept: *\/*`, no
 * Accept-Encoding): `-H 'Accept:'` drops its Accept, `--compressed` with the profile's
 * Accept-Encoding asks for and undoes the same codings. The suite's own (no profile) adds nothing.
 */
function profileOptions(request: WireRequest): string[] {
  if (request.profile === undefined || request.profile === 'curl') return [];
  const { accept, 'accept-encoding': encoding, 'user-agent': agent } = CLIENT_PROFILE_SPECS[request.profile].headers;
  const options: string[] = [];
  if (request.headers?.accept === undefined && accept !== '*/*')
    options.push('-H', singleQuoted(accept === false ? 'Accept:' : `Accept: ${accept}`));
  if (encoding !== false) options.push('--compressed', '-H', singleQuoted(`Accept-Encoding: ${encoding}`));
  options.push(...(agent === false ? ['-H', singleQuoted('User-Agent:')] : ['-A', singleQuoted(agent)]));
  return options;
}

/** A shell command that sends the same request, once the token is exported; a client profile's headers with it. */
export function toCurl(request: WireRequest): string {
  const parts = [
    'curl',
    '-sS',
    request.method === 'HEAD' ? '--head' : '-i',
    '--globoff',
    singleQuoted(request.url),
    ...profileOptions(request),
  ];
  for (const [name, value] of Object.entries(request.headers ?? {})) parts.push('-H', singleQuoted(`${name}: ${value}`));
  const authorization = authorizationPlaceholder(request.auth);
  // Double quotes, so the shell expands $STREAMKAP_TOKEN; curl sends an empty header only as `Name;`.
  if (authorization === '') parts.push('-H', '"Authorization;"');
  else if (authorization !== undefined) parts.push('-H', `"Authorization: ${authorization}"`);
  return parts.join(' ');
}
