/** What the metrics endpoint of the reference server receives and sends, as its behaviour hooks see them. */

/** What the server sends: tests rewrite any part of it through `Behaviour.finish`. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Reset the connection (TCP RST) instead of answering, or, with `cutAfterBytes`, after those bytes of the body. */
  reset?: true;
  /** Close the connection without a byte of an answer: an empty reply. */
  emptyReply?: true;
  /** Send the headers (with the whole body's Content-Length) and this many bytes of the body, then drop the connection. */
  cutAfterBytes?: number;
  /** Send the body chunked (RFC 9112, 7.1), without a Content-Length; cut off, it lacks its last chunk. */
  chunked?: true;
  /** 103 (Early Hints) answers sent before this one, each with its header fields (RFC 8297). */
  earlyHints?: ReadonlyArray<Record<string, string | string[]>>;
  /** Send the content to HEAD too, after the header section, as a broken server does (Node's server would leave it out). */
  contentOnHead?: true;
}

export interface MetricsRequest {
  /** The pipeline path segment, percent-decoded. */
  pipelineId: string;
  query: URLSearchParams;
  /** The query as it came on the wire, before any decoding. */
  rawQuery: string;
  authorization?: string;
  /** What the client takes, as it sent them (undefined: not sent): the reference answers JSON, uncoded, whatever they say. */
  accept?: string;
  acceptEncoding?: string;
  /** The validators a conditional GET sends back. */
  conditions: { ifNoneMatch?: string; ifModifiedSince?: string };
}
