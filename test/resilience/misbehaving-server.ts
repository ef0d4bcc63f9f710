import http, { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../../src/reference-server/reference-server';

/** One request as the server saw it, with the times it arrived and was answered (or dropped). */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Which attempt this is at the same method, URL and Authorization: 1 for the first. */
  attempt: number;
  startedAt: number;
  finishedAt?: number;
}

/** What the server does with one request. */
export type Misbehaviour =
  | { kind: 'forward' } // the reference server answers, as a conformant API would
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset' } // drop the connection without a word
  | { kind: 'hang' } // accept, read the request, never answer
  | { kind: 'trickle' }; // send headers and a first byte, then nothing

export interface MisbehavingServerOptions {
  /** Decides each request's fate; forward everything when absent. */
  script?: (request: SeenRequest) => Misbehaviour;
  upstream?: ReferenceServerOptions;
}

export interface MisbehavingServer {
  baseUrl: string;
  /** The conformant server behind: its token, pipeline and credentials are the run's. */
  upstream: ReferenceServer;
  requests: SeenRequest[];
  /** Stops listening: connections to the port are refused until `accept`. */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A loopback server in front of the reference server that fails on cue: rate limits, flaky
 * gateways, resets, hangs, refused connections. It logs every request with its arrival time, so
 * tests measure pauses, concurrency and rate where they matter: at the server.
 */
export async function startMisbehavingServer(options: MisbehavingServerOptions = {}): Promise<MisbehavingServer> {
  const upstream = await startReferenceServer(options.upstream);
  const upstreamUrl = new URL(upstream.baseUrl);
  const forwardAgent = new http.Agent({ keepAlive: true });
  const requests: SeenRequest[] = [];
  const attempts = new Map<string, number>();
  const script = options.script ?? (() => ({ kind: 'forward' }));

  function forward(seen: SeenRequest, response: ServerResponse): void {
    const headers = { ...seen.headers, host: upstreamUrl.host };
    const outgoing = http.request(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, method: seen.method, path: seen.url, headers, agent: forwardAgent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => response.destroy());
    outgoing.end(seen.body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const body = await readBody(request);
    const key = `${request.method} ${request.url} ${request.headers.authorization ?? ''}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const seen: SeenRequest = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, attempt, startedAt };
    requests.push(seen);
    const done = () => (seen.finishedAt ??= Date.now());
    response.on('finish', done);
    response.on('close', done);
    const fate = script(seen);
    switch (fate.kind) {
      case 'forward':
        return forward(seen, response);
      case 'answer':
        response.writeHead(fate.status, { 'content-type': 'application/json', ...fate.headers });
        response.end(fate.body ?? JSON.stringify({ detail: `HTTP ${fate.status}` }));
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'hang':
        return;
      case 'trickle':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{');
        return;
    }
  }

  const servers = new Set<Server>();
  let port = 0;
  async function listen(): Promise<void> {
    const server = http.createServer((request, response) => void handle(request, response));
    servers.add(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }
  async function stop(server: Server): Promise<void> {
    servers.delete(server);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
  await listen();

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    upstream,
    requests,
    refuse: async () => {
      await Promise.all([...servers].map(stop));
    },
    accept: listen,
    close: async () => {
      await Promise.all([...servers].map(stop));
      forwardAgent.destroy();
      await upstream.close();
    },
  };
}

/** The most requests the server was answering at once. */
export function maxInFlight(requests: readonly SeenRequest[]): number {
  const events = requests.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.finishedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  // At a tie, count the end first: a request answered at the moment the next arrives did not overlap it.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const event of events) {
    current += event.delta;
    most = Math.max(most, current);
  }
  return most;
}
