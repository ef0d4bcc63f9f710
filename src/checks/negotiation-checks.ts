import { negotiationOf } from '../http/client-profiles';
import { contentCodings } from '../http/negotiation';
import type { Check, WarningRule } from './observation';

/**
 * The body is coded as negotiated: with a coding the request's Accept-Encoding offered (identity
 * always), each coding applied listed once in Content-Encoding, and decodable as listed (RFC 9110,
 * 8.4 and 12.5.3). The client's decoding, which knows what the request offered, finds what breaks it.
 */
export const contentCodingAsNegotiated: Check = ({ testCase, response }) => {
  const problem = response.codingProblem;
  if (problem === undefined) return [];
  return [
    {
      check: 'content_coding_as_negotiated',
      title: problem.title,
      message: `The ${response.status} answer to a request as ${negotiationOf(testCase).who} sends it: ${problem.message}.`,
    },
  ];
};

/**
 * A coding to a request that sent no Accept-Encoding: RFC 9110 (12.5.3) lets the server choose any,
 * but notes the client may not read it; curl without --compressed prints the compressed bytes.
 */
export const codingUnrequested: WarningRule = ({ testCase, response }) => {
  const { acceptEncoding, who } = negotiationOf(testCase);
  const codings = contentCodings(response.headers['content-encoding']);
  if (acceptEncoding !== false || codings.length === 0 || response.body === '') return [];
  return [
    {
      code: 'coding-unrequested',
      title: `Content-Encoding ${codings.join(', ')} to a request that offered none`,
      message: `The ${response.status} answer has Content-Encoding: ${response.headers['content-encoding']}, but the request (as ${who} sends it) had no Accept-Encoding. RFC 9110 (12.5.3) allows any coding then, but notes that the client may not be able to read it: curl without --compressed prints the compressed bytes. Servers such as nginx and Starlette's GZipMiddleware send no coding unless it is offered.`,
    },
  ];
};
