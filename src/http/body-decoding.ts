import zlib from 'node:zlib';
import type { CodingProblem } from '../model';
import { codingOffered, contentCodings } from './negotiation';

/** The most a body may take, on the wire or decoded: far beyond any metrics answer, well within memory. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** What the client asks for in Accept-Encoding, and so all it can read. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

const LIMIT = { maxOutputLength: MAX_BODY_BYTES };

const DECODERS: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  identity: (bytes) => bytes,
  gzip: (bytes) => zlib.gunzipSync(bytes, LIMIT),
  'x-gzip': (bytes) => zlib.gunzipSync(bytes, LIMIT),
  // RFC 9110 says zlib-wrapped, but servers sending raw deflate are common enough to read both.
  deflate: (bytes) => {
    try {
      return zlib.inflateSync(bytes, LIMIT);
    } catch {
      return zlib.inflateRawSync(bytes, LIMIT);
    }
  },
  br: (bytes) => zlib.brotliDecompressSync(bytes, LIMIT),
};

export interface DecodedBody {
  text: string;
  /** Why the bytes are no readable JSON text, in words for the report; undefined when they are. */
  problem?: string;
  /** Why the body is not coded as the request's Accept-Encoding allows and its Content-Encoding says; undefined when it is. */
  codingProblem?: CodingProblem;
}

const lossy = (bytes: Buffer) => bytes.toString('utf8');

/** What a request offered, in words: its Accept-Encoding, or that it sent none. */
const offeredWords = (offered: string | false): string => (offered === false ? 'no Accept-Encoding' : `Accept-Encoding: ${offered}`);

/** A gzip member starts with these bytes (RFC 1952, 2.3.1): JSON never does. */
const isGzip = (bytes: Buffer): boolean => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;

/**
 * The body as text, undoing its Content-Encoding here rather than in axios: a body that does
 * not decode as its header claims, or that is not UTF-8 (which RFC 8259 requires of JSON), is
 * a property of the answer to report, not a failed connection and not a body to read leniently.
 * `offered` is the Accept-Encoding the request sent (false: none): a coding it did not offer, a
 * coding applied twice or left unlabelled, is a coding problem; a coding the client can still
 * undo is undone, so that the body is judged too.
 */
export function decodeBody(bytes: Buffer, contentEncoding: string | undefined, offered: string | false = ACCEPTED_ENCODINGS): DecodedBody {
  // A 204 or an empty error answer may still name an encoding; there is nothing to decode.
  if (bytes.length === 0) return { text: '' };
  const applied = contentCodings(contentEncoding);
  // With no Accept-Encoding, RFC 9110 (12.5.3) lets the server choose any coding: a warning's business, not this.
  const unoffered = offered === false ? [] : applied.filter((coding) => !codingOffered(offered, coding));
  let codingProblem: CodingProblem | undefined =
    unoffered.length === 0
      ? undefined
      : {
          title: `Content-Encoding ${unoffered.join(', ')} not offered`,
          message: `the body has Content-Encoding "${contentEncoding}", but the request sent ${offeredWords(offered)}: a server may apply only a coding the request offers (RFC 9110, 12.5.3), or none`,
        };
  // Codings apply in the order listed, so they come off in reverse.
  let decoded = bytes;
  for (const coding of [...applied].reverse()) {
    const decoder = DECODERS[coding];
    if (!decoder) {
      return {
        text: lossy(bytes),
        problem: `the body has Content-Encoding "${contentEncoding}", which the client did not accept (it sent ${offeredWords(offered)})`,
        ...(codingProblem && { codingProblem }),
      };
    }
    try {
      decoded = decoder(decoded);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ERR_BUFFER_TOO_LARGE' ? `it decodes to more than ${MAX_BODY_BYTES} bytes` : (error as Error).message;
      const problem = `the body does not decode as its Content-Encoding "${contentEncoding}" says (${why})`;
      return {
        text: lossy(bytes),
        problem,
        codingProblem: codingProblem ?? {
          title: 'Body not coded as its Content-Encoding says',
          message: `${problem}: a client undoes the codings Content-Encoding lists, in order, and nothing else (RFC 9110, 8.4)`,
        },
      };
    }
  }
  if (isGzip(decoded)) {
    codingProblem ??= applied.includes('gzip')
      ? {
          title: 'gzip applied twice',
          message: `the body is still gzip after undoing its Content-Encoding "${contentEncoding}": the coding was applied twice but listed once, so a client that undoes what Content-Encoding lists gets gzip bytes, not JSON (RFC 9110, 8.4: every coding applied is listed, in order)`,
        }
      : {
          title: 'gzip without Content-Encoding',
          message: `the body is gzip bytes${applied.length === 0 ? ' with no Content-Encoding' : ` under Content-Encoding "${contentEncoding}", which does not list gzip`}: a client reads them as they are, not as JSON (RFC 9110, 8.4: every coding applied is listed in Content-Encoding)`,
        };
    try {
      decoded = zlib.gunzipSync(decoded, LIMIT);
    } catch {
      // Left as it is: the JSON check says it is not JSON.
    }
  }
  try {
    // ignoreBOM keeps a byte order mark in the text, so that JSON.parse refuses it as before.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decoded), ...(codingProblem && { codingProblem }) };
  } catch {
    return {
      text: lossy(decoded),
      problem: 'the body is not valid UTF-8, which JSON requires (RFC 8259, 8.1)',
      ...(codingProblem && { codingProblem }),
    };
  }
}
