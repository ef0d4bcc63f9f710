import { GARBAGE_TOKEN } from './auth';
import type { AuthMode, WireRequest } from './model';

/** What the Authorization header looks like in a reproduction: secrets stay in the environment. */
const AUTHORIZATION_PLACEHOLDER: Record<AuthMode, string | undefined> = {
  token: 'Bearer $STREAMKAP_TOKEN',
  none: undefined,
  'garbage-token': `Bearer ${GARBAGE_TOKEN}`,
  'wrong-scheme': 'Token $STREAMKAP_TOKEN',
  'limited-token': 'Bearer $STREAMKAP_LIMITED_TOKEN',
};

const singleQuoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A shell command that sends the same request, once the token is exported. */
export function toCurl(request: WireRequest): string {
  const parts = ['curl', '-sS', '-i', '--globoff', singleQuoted(request.url)];
  const authorization = AUTHORIZATION_PLACEHOLDER[request.auth];
  // Double quotes, so the shell expands $STREAMKAP_TOKEN.
  if (authorization !== undefined) parts.push('-H', `"Authorization: ${authorization}"`);
  return parts.join(' ');
}
