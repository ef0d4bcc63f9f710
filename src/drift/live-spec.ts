import { parse as parseYaml } from 'yaml';
import { notOpenApiReason, type OpenApiDocument } from '../openapi-document';

/**
 * Fetching the target's own OpenAPI document. The GET itself is injected: the run passes its HTTP
 * client, so this request keeps the run's politeness, timeout and redaction.
 */

type LiveSpecAnswer = { status: number; headers: Record<string, string>; body: string } | { error: string };
export type LiveSpecGet = (url: string) => Promise<LiveSpecAnswer>;

export type LiveSpec =
  | { kind: 'document'; document: OpenApiDocument }
  /** The target publishes no document there: drift is skipped, not failed. */
  | { kind: 'absent'; reason: string; status: number }
  /** Something came back, or nothing did, that cannot be compared: a warning, never a crash. */
  | { kind: 'unusable'; reason: string; status?: number };

const ABSENT_STATUSES = new Set([404, 410]);
const SNIPPET_CHARS = 80;

const snippet = (body: string): string => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat);
};

const header = (headers: Record<string, string>, name: string): string =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? '';

/**
 * Reads a fetched body as an OpenAPI document: JSON first (FastAPI serves JSON), then YAML.
 * Returns the document, or why it is not one.
 */
function parseLiveSpecBody(body: string, contentType = ''): { document: OpenApiDocument } | { reason: string } {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { reason: 'the body is empty' };
  if (/html/i.test(contentType) || /^\s*<(!doctype|html|\?xml|[a-z])/i.test(text)) {
    return { reason: `it is an HTML or XML page, not an OpenAPI document (${contentType || 'no Content-Type'}): ${snippet(text)}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = parseYaml(text, { maxAliasCount: 100 });
    } catch {
      return { reason: `the body is neither JSON nor YAML: ${snippet(text)}` };
    }
  }
  const why = notOpenApiReason(parsed);
  return why === undefined ? { document: parsed as OpenApiDocument } : { reason: `the body is not an OpenAPI document: ${why}` };
}

/** GETs the live document at `url` and says what came of it; never throws for anything the target does. */
export async function fetchLiveSpec(url: string, get: LiveSpecGet): Promise<LiveSpec> {
  let answer: LiveSpecAnswer;
  try {
    answer = await get(url);
  } catch (error) {
    return { kind: 'unusable', reason: `fetching it failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if ('error' in answer) return { kind: 'unusable', reason: `fetching it failed: ${answer.error}` };
  const { status } = answer;
  if (ABSENT_STATUSES.has(status))
    return { kind: 'absent', status, reason: `the target answered ${status}: it publishes no OpenAPI document at ${url}` };
  if (status === 401 || status === 403) {
    return { kind: 'unusable', status, reason: `the target answered ${status}: the document needs credentials the request did not carry` };
  }
  if (status !== 200) return { kind: 'unusable', status, reason: `the target answered ${status} instead of 200` };
  const parsed = parseLiveSpecBody(answer.body, header(answer.headers, 'content-type'));
  return 'document' in parsed ? { kind: 'document', document: parsed.document } : { kind: 'unusable', status, reason: parsed.reason };
}
