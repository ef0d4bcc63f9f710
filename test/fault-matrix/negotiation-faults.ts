import { deflateSync, gzipSync, brotliCompressSync } from 'node:zlib';
import { jsonAnswer } from '../../src/reference-server/behaviour';
import { onStatus, type Rewrite } from './answer-rewrites';
import type { DimensionFault } from './request-dimension-faults';

/**
 * Faults of content negotiation and coding that only some clients' headers bring out: each is the
 * reference server with its `finish` hook overridden, rewriting the metrics answer by what the
 * request's Accept or Accept-Encoding says. The suite's own headers (axios: `Accept:
 * application/json, text/plain, *\/*`, `Accept-Encoding: gzip, deflate, br`) never trigger one, so
 * every older tier passes them; the client profiles' rows and the table cases that carry a profile
 * catch them.
 */

const rows = (...slugs: string[]): string[] => slugs.map((slug) => `generated.coverage.${slug}`);

const bytesOf = (body: string | Buffer): Buffer => Buffer.from(body);
const offers = (acceptEncoding: string | undefined, coding: string): boolean =>
  acceptEncoding !== undefined && acceptEncoding.split(',').some((member) => member.trim().split(';')[0] === coding);

/** The 200 answer coded with `coding` and labelled `label` (none: no Content-Encoding at all). */
const coded =
  (code: (body: Buffer) => Buffer, label: string | undefined): Rewrite =>
  (answer) => {
    const headers: Record<string, string> = { ...answer.headers, vary: 'Accept-Encoding' };
    if (label !== undefined) headers['content-encoding'] = label;
    return { ...answer, headers, body: code(bytesOf(answer.body)) };
  };

/** The 200 answers to the requests `when` picks, rewritten; every other answer as the reference made it. */
const successWhen = (when: (headers: { accept?: string; acceptEncoding?: string }) => boolean, rewrite: Rewrite) =>
  onStatus(200, (answer, request) => (when(request) ? rewrite(answer, request) : answer));

const NOT_ACCEPTABLE = jsonAnswer(406, { detail: 'Not Acceptable' });

export const negotiationFaults: DimensionFault[] = [
  {
    name: 'br to clients that did not offer it',
    dimension: 'negotiation',
    description:
      'the metrics answer is brotli-coded for any request with an Accept-Encoding, whatever it lists (Python offers gzip, deflate; Go gzip)',
    options: { behaviour: { finish: successWhen((r) => r.acceptEncoding !== undefined, coded(brotliCompressSync, 'br')) } },
    caughtBy: [...rows('profile.python-requests', 'profile.go'), 'accept.time-unit.hour', 'accept.time-unit.day'],
    check: 'content_coding_as_negotiated',
  },
  {
    name: 'deflate to a client that offered gzip alone',
    dimension: 'negotiation',
    description:
      "the metrics answer is deflate-coded for any request with an Accept-Encoding: Go's gzip-only offer gets a coding it never named",
    options: { behaviour: { finish: successWhen((r) => r.acceptEncoding !== undefined, coded(deflateSync, 'deflate')) } },
    caughtBy: [...rows('profile.go'), 'accept.time-unit.day', 'accept.time-unit.month.interval-3'],
    check: 'content_coding_as_negotiated',
  },
  {
    name: 'gzip applied twice',
    dimension: 'negotiation',
    description:
      'a CDN serves br itself to clients that offer it; the others reach an origin whose app and server both gzip, under one Content-Encoding: gzip',
    options: {
      behaviour: {
        finish: successWhen(
          (r) => offers(r.acceptEncoding, 'gzip') && !offers(r.acceptEncoding, 'br'),
          coded((body) => gzipSync(gzipSync(body)), 'gzip'),
        ),
      },
    },
    caughtBy: [...rows('profile.python-requests', 'profile.go'), 'accept.time-unit.hour'],
    check: 'content_coding_as_negotiated',
  },
  {
    name: 'gzip without Content-Encoding',
    dimension: 'negotiation',
    description: 'a cache rule for clients that send no Accept (Go) serves the stored gzip bytes without their Content-Encoding',
    options: { behaviour: { finish: successWhen((r) => r.accept === undefined, coded(gzipSync, undefined)) } },
    caughtBy: [...rows('profile.go'), 'accept.time-unit.day'],
    check: 'content_coding_as_negotiated',
  },
  {
    name: 'deflate labelled gzip',
    dimension: 'negotiation',
    description: 'for clients that do not offer br, the metrics answer is deflate-coded but labelled Content-Encoding: gzip',
    options: {
      behaviour: {
        finish: successWhen((r) => r.acceptEncoding !== undefined && !offers(r.acceptEncoding, 'br'), coded(deflateSync, 'gzip')),
      },
    },
    caughtBy: [...rows('profile.python-requests', 'profile.go'), 'accept.time-unit.hour'],
    check: 'content_coding_as_negotiated',
  },
  {
    name: 'text/html label for the browser',
    dimension: 'negotiation',
    description: 'an Accept that lists text/html first (a browser opening the URL) gets the metrics JSON labelled text/html',
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept?.startsWith('text/html') ?? false,
          (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'text/html; charset=utf-8' } }),
        ),
      },
    },
    caughtBy: [...rows('profile.browser-navigation'), 'accept.time-unit.minute.interval-15'],
    check: 'json_labelled_as_json',
  },
  {
    name: 'text/plain unless JSON is named',
    dimension: 'negotiation',
    description:
      'a renderer picked by Accept: one that does not name application/json (`*/*`, as curl and Python send) gets the JSON as text/plain',
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept !== undefined && !r.accept.includes('application/json'),
          (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'text/plain; charset=utf-8' } }),
        ),
      },
    },
    caughtBy: [...rows('profile.curl', 'profile.python-requests'), 'accept.time-unit.minute'],
    check: 'json_labelled_as_json',
  },
  {
    name: 'application/octet-stream without Accept',
    dimension: 'negotiation',
    description: "a request with no Accept (Go's net/http) gets the metrics JSON as application/octet-stream",
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept === undefined,
          (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'application/octet-stream' } }),
        ),
      },
    },
    caughtBy: [...rows('profile.go'), 'accept.time-unit.day'],
    check: 'json_labelled_as_json',
  },
  {
    name: '406 to `*/*`',
    dimension: 'negotiation',
    description: 'an Accept that does not name application/json is refused with 406, though `*/*` (curl, Python, fetch) admits JSON',
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept !== undefined && !r.accept.includes('application/json'),
          () => NOT_ACCEPTABLE,
        ),
      },
    },
    caughtBy: [...rows('profile.curl', 'profile.python-requests', 'profile.undici'), 'accept.time-unit.minute'],
    check: 'valid_request_accepted',
  },
  {
    name: '406 to no Accept',
    dimension: 'negotiation',
    description: "a request with no Accept (Go's net/http) is refused with 406, though no Accept admits any media type",
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept === undefined,
          () => NOT_ACCEPTABLE,
        ),
      },
    },
    caughtBy: [...rows('profile.go'), 'accept.time-unit.day'],
    check: 'valid_request_accepted',
  },
  {
    name: '406 to the browser',
    dimension: 'negotiation',
    description: "an Accept that lists text/html is refused with 406, though the browser's `*/*;q=0.8` admits JSON",
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept?.includes('text/html') ?? false,
          () => NOT_ACCEPTABLE,
        ),
      },
    },
    caughtBy: [...rows('profile.browser-navigation'), 'accept.time-unit.minute.interval-15'],
    check: 'valid_request_accepted',
  },
  {
    name: '500 when no Accept is sent',
    dimension: 'negotiation',
    description: "the renderer reads the Accept header unguarded: a request without one (Go's net/http) crashes with a KeyError, 500",
    options: {
      behaviour: {
        finish: successWhen(
          (r) => r.accept === undefined,
          () => jsonAnswer(500, { detail: "KeyError: 'accept'" }),
        ),
      },
    },
    caughtBy: [...rows('profile.go'), 'accept.time-unit.day'],
    check: 'valid_request_accepted',
  },
];
