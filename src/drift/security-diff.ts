import { code, type DriftDifference } from './drift-difference';
import { dereference, isJsonObject, type JsonObject, type OpenApiDocument } from '../openapi-document';

/**
 * Compares how a client must authenticate, by what each security requirement resolves to rather
 * than by the schemes' names: a scheme renamed but unchanged is no drift, and a scheme that keeps
 * its name but now wants an API key or Basic credentials refuses the bearer token a client of
 * the vendored contract sends.
 */

/** A security scheme reduced to what a client puts on the wire for it. */
interface Credential {
  /** Equal keys: the same credential, whatever the scheme is called. */
  key: string;
  /** How a message names it: `an HTTP bearer token`. */
  words: string;
  /** The scheme's name in its document, for messages. */
  name: string;
  /** A hint only (OpenAPI: "primarily for documentation purposes"): reported, never breaking. */
  bearerFormat?: string;
  scopes: string[];
}

/** One alternative of `security`: every credential in it together. An empty one admits anyone. */
type Requirement = Credential[];

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

function credentialOf(document: OpenApiDocument, name: string, scopes: string[]): Credential {
  const schemes =
    isJsonObject(document.components) && isJsonObject(document.components.securitySchemes) ? document.components.securitySchemes : {};
  const resolved = Object.hasOwn(schemes, name) ? dereference(document, schemes[name]) : undefined;
  if (!resolved?.ok) return { key: `undefined:${name}`, words: `the undefined scheme ${code(name)}`, name, scopes };
  const scheme: JsonObject = resolved.node;
  const type = lower(scheme.type);
  switch (type) {
    case 'http': {
      // RFC 9110: the authentication scheme is case-insensitive.
      const http = lower(scheme.scheme);
      const words =
        http === 'bearer' ? 'an HTTP bearer token' : http === 'basic' ? 'HTTP Basic credentials' : `HTTP ${code(http)} credentials`;
      const bearerFormat = http === 'bearer' && typeof scheme.bearerFormat === 'string' ? scheme.bearerFormat : undefined;
      return { key: `http:${http}`, words, name, scopes, ...(bearerFormat !== undefined && { bearerFormat }) };
    }
    case 'apikey': {
      const where = lower(scheme.in);
      // Header names are case-insensitive; query parameter and cookie names are not.
      const field = where === 'header' ? lower(scheme.name) : String(scheme.name);
      const place = where === 'header' ? 'header' : where === 'query' ? 'query parameter' : where;
      return { key: `apiKey:${where}:${field}`, words: `an API key in the ${code(String(scheme.name))} ${place}`, name, scopes };
    }
    case 'oauth2': {
      const flows = isJsonObject(scheme.flows) ? Object.keys(scheme.flows).sort() : [];
      return { key: `oauth2:${flows.join(',')}`, words: `an OAuth 2 token (${flows.map(code).join(', ') || 'no flows'})`, name, scopes };
    }
    case 'openidconnect': {
      const url = String(scheme.openIdConnectUrl);
      return { key: `openIdConnect:${url}`, words: `an OpenID Connect token from ${code(url)}`, name, scopes };
    }
    case 'mutualtls':
      return { key: 'mutualTLS', words: 'a TLS client certificate', name, scopes };
    default:
      return { key: `other:${type}`, words: `a credential of type ${code(String(scheme.type))}`, name, scopes };
  }
}

/** The operation's requirements (its own `security`, else the document's); none declared admits anyone. */
function requirementsOf(document: OpenApiDocument, operation: JsonObject): Requirement[] {
  const declared = Array.isArray(operation.security) ? operation.security : Array.isArray(document.security) ? document.security : [];
  if (declared.length === 0) return [[]];
  return declared
    .filter(isJsonObject)
    .map((requirement) =>
      Object.entries(requirement).map(([name, scopes]) =>
        credentialOf(document, name, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : []),
      ),
    );
}

/** What a requirement asks for, in words: `an HTTP bearer token (`Auth`) and an API key in …`. */
const describe = (requirement: Requirement): string =>
  requirement.length === 0
    ? 'no credentials'
    : requirement
        .map((c) => `${c.words} (${code(c.name)}${c.scopes.length > 0 ? `, scopes ${c.scopes.map(code).join(', ')}` : ''})`)
        .join(' and ');

/**
 * Whether a client that satisfies `was` also satisfies `now`: every credential `now` asks for is
 * one `was` sent, with no scope `was` did not have.
 */
const satisfies = (was: Requirement, now: Requirement): boolean =>
  now.every((need) => was.some((sent) => sent.key === need.key && need.scopes.every((scope) => sent.scopes.includes(scope))));

/** The differences in how a client of the vendored contract authenticates to the operation. */
export function diffSecurity(vendored: OpenApiDocument, live: OpenApiDocument, before: JsonObject, after: JsonObject): DriftDifference[] {
  const was = requirementsOf(vendored, before);
  const now = requirementsOf(live, after);
  const differences: DriftDifference[] = [];
  const unmet = was.filter((requirement) => !now.some((alternative) => satisfies(requirement, alternative)));
  const asked = now.map(describe).join(', or ');
  for (const requirement of unmet) {
    differences.push({
      kind: 'security-requirement-unmet',
      breaking: true,
      location: 'security',
      message:
        requirement.length === 0
          ? `the API now requires credentials: ${asked}`
          : `the API no longer accepts ${describe(requirement)}: it now asks for ${asked}`,
    });
  }
  if (unmet.length === 0) {
    for (const alternative of now.filter((requirement) => !was.some((old) => satisfies(old, requirement) && satisfies(requirement, old)))) {
      differences.push({
        kind: 'security-alternative-added',
        breaking: false,
        location: 'security',
        message:
          alternative.length === 0
            ? 'the API now also accepts requests without credentials'
            : `the API now also accepts ${describe(alternative)}`,
      });
    }
  }
  const reported = new Set<string>();
  for (const credential of now.flat()) {
    const counterpart = was.flat().find((old) => old.key === credential.key);
    if (counterpart === undefined || counterpart.bearerFormat === credential.bearerFormat || reported.has(credential.key)) continue;
    reported.add(credential.key);
    const shown = (format?: string) => (format === undefined ? 'none' : code(format));
    differences.push({
      kind: 'security-bearer-format-changed',
      breaking: false,
      location: 'security',
      message: `the bearer token's documented format is now ${shown(credential.bearerFormat)} instead of ${shown(counterpart.bearerFormat)}`,
    });
  }
  return differences;
}
