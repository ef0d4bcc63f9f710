import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Clock, systemClock } from '../clock';
import { SPEC_FILE } from '../contract';
import { type OpenApiDocument, readOpenApiFile } from '../openapi-document';
import { type Answer, type Behaviour, type MetricsRequest, type TokenBook, jsonAnswer, referenceBehaviour } from './behaviour';
import { parseMetricsQuery } from './query-validation';

export interface ReferenceServerOptions {
  /** Mount the API under a path prefix, such as `/api`. */
  prefix?: string;
  /** Added before every metrics answer. */
  latencyMs?: number;
  /** Lifetime of tokens from the client-credentials exchange. */
  tokenTtlSeconds?: number;
  /** The time tokens expire by: the system's, unless a test shares a clock it moves with the run. */
  clock?: Clock;
  behaviour?: Partial<Behaviour>;
  host?: string;
  port?: number;
  /** What `GET {prefix}/openapi.json` serves; the vendored contract unless told otherwise. */
  contract?: ServedContract;
  /**
   * More pipelines the server serves, each by its exact id, beside its own random one: for runs
   * over several pipelines. The `pipelineExists` hook (its freedoms, its faults) judges every other id.
   */
  otherPipelineIds?: readonly string[];
}

/**
 * The live contract a server publishes: the vendored document as JSON (as FastAPI serves it),
 * another document, nothing (404), or any body at all (garbage, HTML, YAML).
 */
export type ServedContract =
  | { kind: 'vendored' }
  | { kind: 'document'; document: unknown }
  | { kind: 'none' }
  | { kind: 'raw'; body: string; contentType: string; status?: number };

/** The vendored OpenAPI document, parsed from specs/ once. */
let vendoredDocument: OpenApiDocument | undefined;
export function vendoredContract(): OpenApiDocument {
  vendoredDocument ??= readOpenApiFile(join(__dirname, '..', '..'), SPEC_FILE);
  return vendoredDocument;
}

function contractAnswer(served: ServedContract): Answer {
  switch (served.kind) {
    case 'vendored':
      return jsonAnswer(200, vendoredContract());
    case 'document':
      return jsonAnswer(200, served.document);
    case 'none':
      return jsonAnswer(404, { detail: 'Not Found' });
    case 'raw':
      return { status: served.status ?? 200, headers: { 'content-type': served.contentType }, body: served.body };
  }
}

interface LoggedRequest {
  method: string;
  url: string;
}

export interface ReferenceServer {
  /** Origin plus prefix: what STREAMKAP_BASE_URL would be. */
  baseUrl: string;
  tokenUrl: string;
  token: string;
  limitedToken: string;
  pipelineId: string;
  /** Every pipeline it serves: `pipelineId` first, then `otherPipelineIds`. */
  pipelineIds: readonly string[];
  clientId: string;
  secret: string;
  /** An API client whose exchanged tokens lack read:pipeline_metrics. */
  limitedClientId: string;
  limitedSecret: string;
  /** Every request received, in order. */
  requests: LoggedRequest[];
  /** Tokens issued by the exchange, oldest first. */
  issuedTokens: string[];
  close(): Promise<void>;
}

const secretLike = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Drops the connection: a reset (RST) or an orderly close. */
const drop = (response: ServerResponse, reset: boolean | undefined): void => {
  if (reset) response.socket?.resetAndDestroy();
  else response.socket?.destroy();
};

function send(response: ServerResponse, answer: Answer): void {
  if ((answer.reset && answer.cutAfterBytes === undefined) || answer.emptyReply) {
    drop(response, answer.reset);
    return;
  }
  for (const hints of answer.earlyHints ?? []) response.writeEarlyHints(hints);
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
  // Node's server sends no content to HEAD (the length stays the GET's); a broken server's goes after the header section.
  response.writeHead(answer.status, answer.chunked ? answer.headers : { ...answer.headers, 'content-length': String(body.length) });
  if (answer.cutAfterBytes !== undefined) {
    response.write(body.subarray(0, answer.cutAfterBytes), () => drop(response, answer.reset));
    return;
  }
  const socket = response.socket;
  if (response.req.method !== 'HEAD' || !answer.contentOnHead || socket === null) {
    response.end(body);
    return;
  }
  socket.cork();
  response.end();
  socket.write(body);
  process.nextTick(() => socket.uncork());
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A faithful implementation of GET /pipelines/{pipeline_id}/metrics and of the token exchange,
 * on 127.0.0.1 with an ephemeral port unless told otherwise.
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const behaviour: Behaviour = { ...referenceBehaviour, ...options.behaviour };
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const token = secretLike('ref-token-');
  const limitedToken = secretLike('ref-limited-');
  const clientId = `ref-client-${randomBytes(4).toString('hex')}`;
  const secret = secretLike('ref-secret-');
  const limitedClientId = `ref-limited-client-${randomBytes(4).toString('hex')}`;
  const limitedSecret = secretLike('ref-limited-secret-');
  const pipelineId = randomBytes(12).toString('hex');
  const otherPipelineIds = options.otherPipelineIds ?? [];
  const ttlMs = (options.tokenTtlSeconds ?? 3600) * 1000;
  const clock = options.clock ?? systemClock;
  const issued = new Map<string, number>();
  const issuedLimited = new Set<string>();
  const issuedTokens: string[] = [];
  const requests: LoggedRequest[] = [];

  const tokens: TokenBook = {
    isValid: (candidate) => candidate === token || candidate === limitedToken || (issued.get(candidate) ?? 0) > clock.now(),
    isLimited: (candidate) => candidate === limitedToken || issuedLimited.has(candidate),
  };

  async function exchange(request: IncomingMessage): Promise<Answer> {
    let body: { client_id?: unknown; secret?: unknown };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      return jsonAnswer(422, { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: null }] });
    }
    const limited = body.client_id === limitedClientId && body.secret === limitedSecret;
    if (!limited && (body.client_id !== clientId || body.secret !== secret))
      return jsonAnswer(401, { detail: 'Invalid client credentials' });
    const accessToken = secretLike('ref-access-');
    issued.set(accessToken, clock.now() + ttlMs);
    if (limited) issuedLimited.add(accessToken);
    issuedTokens.push(accessToken);
    return jsonAnswer(200, { accessToken, expiresIn: ttlMs / 1000, refreshToken: secretLike('ref-refresh-') });
  }

  /** GET, or HEAD: the answer the GET gets (validators included), then what the HEAD hook makes of it. */
  async function metricsOrHead(request: IncomingMessage, segment: string, query: URLSearchParams, rawQuery: string): Promise<Answer> {
    let pipeline: string;
    try {
      pipeline = decodeURIComponent(segment);
    } catch {
      return jsonAnswer(404, { detail: 'Not Found' });
    }
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const incoming: MetricsRequest = {
      pipelineId: pipeline,
      query,
      rawQuery,
      authorization: request.headers.authorization,
      accept: header('accept'),
      acceptEncoding: header('accept-encoding'),
      conditions: { ifNoneMatch: header('if-none-match'), ifModifiedSince: header('if-modified-since') },
    };
    const answer = behaviour.revalidate(await metrics(incoming), incoming);
    return request.method === 'HEAD' ? behaviour.head(answer, incoming) : answer;
  }

  async function metrics(incoming: MetricsRequest): Promise<Answer> {
    const pipeline = incoming.pipelineId;
    const query = incoming.query;
    if (options.latencyMs) await sleep(options.latencyMs);
    const decision = behaviour.authorize(incoming.authorization, tokens);
    if (decision === 'unauthenticated') {
      return behaviour.finish(jsonAnswer(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' }), incoming);
    }
    if (decision === 'forbidden') {
      return behaviour.finish(jsonAnswer(403, { detail: 'Missing permission: read:pipeline_metrics' }), incoming);
    }
    const parsed = parseMetricsQuery(query, behaviour.parsers, new Date());
    if (!parsed.ok) return behaviour.finish(jsonAnswer(422, { detail: parsed.errors }), incoming);
    if (!otherPipelineIds.includes(pipeline) && !behaviour.pipelineExists(pipeline, pipelineId)) {
      return behaviour.finish(jsonAnswer(404, { detail: `Pipeline ${pipeline} not found` }), incoming);
    }
    return behaviour.finish(jsonAnswer(200, behaviour.metrics(parsed.value)), incoming);
  }

  async function route(request: IncomingMessage): Promise<Answer> {
    const url = new URL(request.url ?? '/', 'http://reference.invalid');
    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    if (!rawPath.startsWith(`${prefix}/`)) return jsonAnswer(404, { detail: 'Not Found' });
    const parts = rawPath.slice(prefix.length).split('/');
    if (rawPath === `${prefix}/openapi.json`) {
      return request.method === 'GET'
        ? contractAnswer(options.contract ?? { kind: 'vendored' })
        : jsonAnswer(405, { detail: 'Method Not Allowed' });
    }
    if (rawPath === `${prefix}/auth/access-token`) {
      return request.method === 'POST' ? exchange(request) : jsonAnswer(405, { detail: 'Method Not Allowed' });
    }
    // ['', 'pipelines', '{id}', 'metrics']
    if (parts.length === 4 && parts[1] === 'pipelines' && parts[3] === 'metrics' && parts[2] !== '') {
      return request.method === 'GET' || request.method === 'HEAD'
        ? metricsOrHead(request, parts[2] as string, url.searchParams, (request.url ?? '').split('?').slice(1).join('?'))
        : jsonAnswer(405, { detail: 'Method Not Allowed' }, { allow: 'GET' });
    }
    return jsonAnswer(404, { detail: 'Not Found' });
  }

  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
    route(request).then(
      (answer) => send(response, answer),
      () => send(response, jsonAnswer(500, { detail: 'Internal Server Error' })),
    );
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;

  return {
    baseUrl: `${origin}${prefix}`,
    tokenUrl: `${origin}${prefix}/auth/access-token`,
    token,
    limitedToken,
    pipelineId,
    pipelineIds: [pipelineId, ...otherPipelineIds],
    clientId,
    secret,
    limitedClientId,
    limitedSecret,
    requests,
    issuedTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
