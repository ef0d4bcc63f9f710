import type { ReceivedResponse, Resending } from '../model';

/**
 * What a follow-up sends back of the first answer's validators (RFC 9110, 8.8 and 13.1): the ETag
 * or Last-Modified as they came, or altered so that they cannot match. Validators are optional: an
 * answer without the one a follow-up needs leaves it nothing to send, and says so.
 */
export type SentBack = { headers: Record<string, string> } | { missing: string };

const DAY_MS = 86_400_000;

const nothingToSend = (field: string): SentBack => ({
  missing: `the API's answer carried no ${field}, so there is no validator to send back (validators are optional: RFC 9110, 8.8)`,
});

/** The same entity-tag with another opaque part: weak or strong, it matches none the server sent (RFC 9110, 8.8.3.2). */
const otherTag = (etag: string): string =>
  /"[^"]*"\s*$/.test(etag) ? etag.replace(/"([^"]*)"\s*$/, '"$1-not-this-one"') : `"${etag}-not-this-one"`;

export function validatorsSentBack(as: Exclude<Resending, 'head'>, answer: ReceivedResponse): SentBack {
  const { etag } = answer.headers;
  const lastModified = answer.headers['last-modified'];
  switch (as) {
    case 'if-none-match':
      return etag === undefined ? nothingToSend('ETag') : { headers: { 'if-none-match': etag } };
    case 'if-none-match-other':
      return etag === undefined ? nothingToSend('ETag') : { headers: { 'if-none-match': otherTag(etag) } };
    case 'if-modified-since':
      return lastModified === undefined ? nothingToSend('Last-Modified') : { headers: { 'if-modified-since': lastModified } };
    case 'if-modified-since-earlier': {
      if (lastModified === undefined) return nothingToSend('Last-Modified');
      const at = Date.parse(lastModified);
      if (Number.isNaN(at))
        return {
          missing: `the API's Last-Modified ${JSON.stringify(lastModified)} is no HTTP-date, so no earlier date can be derived from it`,
        };
      return { headers: { 'if-modified-since': new Date(at - DAY_MS).toUTCString() } };
    }
  }
}
