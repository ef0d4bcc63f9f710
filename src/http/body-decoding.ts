import zlib from 'node:zlib';

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
}

const lossy = (bytes: Buffer) => bytes.toString('utf8');

/**
 * The body as text, undoing its Content-Encoding here rather than in axios: a body that does
 * not decode as its header claims, or that is not UTF-8 (which RFC 8259 requires of JSON), is
 * a property of the answer to report, not a failed connection and not a body to read leniently.
 */
export function decodeBody(bytes: Buffer, contentEncoding: string | undefined): DecodedBody {
  // A 204 or an empty error answer may still name an encoding; there is nothing to decode.
  if (bytes.length === 0) return { text: '' };
  // Encodings apply in the order listed, so they come off in reverse.
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '')
    .reverse();
  let decoded = bytes;
  for (const coding of codings) {
    const decoder = DECODERS[coding];
    if (!decoder) {
      return {
        text: lossy(bytes),
        problem: `the body has Content-Encoding "${contentEncoding}", which the client did not accept (it sent Accept-Encoding: ${ACCEPTED_ENCODINGS})`,
      };
    }
    try {
      decoded = decoder(decoded);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ERR_BUFFER_TOO_LARGE' ? `it decodes to more than ${MAX_BODY_BYTES} bytes` : (error as Error).message;
      return { text: lossy(bytes), problem: `the body does not decode as its Content-Encoding "${contentEncoding}" says (${why})` };
    }
  }
  try {
    // ignoreBOM keeps a byte order mark in the text, so that JSON.parse refuses it as before.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decoded) };
  } catch {
    return { text: lossy(decoded), problem: 'the body is not valid UTF-8, which JSON requires (RFC 8259, 8.1)' };
  }
}
