import { type Answer, type Behaviour, documentedMetrics, jsonAnswer, type MetricsRequest } from '../../src/reference-server/behaviour';
import type { ValidationErrorItem } from '../../src/reference-server/query-validation';

/**
 * Hooks that change one aspect of the reference server's answers, for the server variants of the
 * fault matrix. Each returns a whole Behaviour hook, so a variant stays a one-line override.
 */

export type Finish = Behaviour['finish'];
export type Rewrite = (answer: Answer, request: MetricsRequest) => Answer;
export type JsonObject = Record<string, unknown>;

/** Rewrites answers with one of `statuses`; every other answer goes out as the reference made it. */
export function onStatus(statuses: number | readonly number[], rewrite: Rewrite): Finish {
  const chosen: readonly number[] = typeof statuses === 'number' ? [statuses] : statuses;
  return (answer, request) => (chosen.includes(answer.status) ? rewrite(answer, request) : answer);
}

/** Rewrites the 200 answers to the requests whose query `picks` selects. */
export function onSuccessWhen(picks: (query: URLSearchParams) => boolean, rewrite: Rewrite): Finish {
  return onStatus(200, (answer, request) => (picks(request.query) ? rewrite(answer, request) : answer));
}

export const withBody =
  (body: string | Buffer): Rewrite =>
  (answer) => ({ ...answer, body });

export const withStatus =
  (status: number): Rewrite =>
  (answer) => ({ ...answer, status });

/** Sets headers; an undefined value removes the header. */
export const withHeaders =
  (headers: Record<string, string | undefined>): Rewrite =>
  (answer) => {
    const merged: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...answer.headers, ...headers })) if (value !== undefined) merged[name] = value;
    return { ...answer, headers: merged };
  };

/** A raw query's pairs as `&` separates them, empty ones included: what a hand-written parser sees. */
export const rawPairs = (rawQuery: string): string[] => (rawQuery === '' ? [] : rawQuery.split('&'));

export const bodyText = (answer: Answer): string => (typeof answer.body === 'string' ? answer.body : answer.body.toString('utf8'));

/** Rewrites the JSON body. */
export const withJson =
  (edit: (body: JsonObject) => unknown): Rewrite =>
  (answer) => ({
    ...answer,
    body: JSON.stringify(edit(JSON.parse(bodyText(answer)) as JsonObject)),
  });

/** Rewrites each item of a 422 body's detail list. */
export const withValidationItems = (edit: (item: ValidationErrorItem) => unknown): Rewrite =>
  withJson((body) => ({ ...body, detail: (body.detail as ValidationErrorItem[]).map(edit) }));

/** FastAPI's answer to an unhandled exception. */
export const internalServerError: Rewrite = () => jsonAnswer(500, { detail: 'Internal Server Error' });

/** A FastAPI 422 for one parameter, as a server that wrongly refuses it would send. */
export const validationError =
  (parameter: string, type: string, msg: string): Rewrite =>
  (_answer, request) =>
    jsonAnswer(422, { detail: [{ type, loc: ['query', parameter], msg, input: request.query.get(parameter) }] });

/** An unhandled exception inside a hook: the reference server answers it with a 500. */
export function crash(reason: string): never {
  throw new Error(reason);
}

/** The metrics body the reference server would send, edited. */
export interface MetricsBody {
  data: JsonObject;
  metadata: Record<string, JsonObject>;
}

export const metricsWith =
  (edit: (body: MetricsBody) => JsonObject): Behaviour['metrics'] =>
  (query) =>
    edit(structuredClone(documentedMetrics(query)) as unknown as MetricsBody);

/** A server that skips validation of one parameter: what would be its 422 goes out as a 200 with metrics. */
export const validationIgnoredFor = (parameter: string): Finish =>
  onStatus(422, (answer) => {
    const items = (JSON.parse(bodyText(answer)) as { detail: ValidationErrorItem[] }).detail;
    return items.every((item) => item.loc[1] === parameter)
      ? jsonAnswer(200, documentedMetrics({ timeUnit: 'hour', timeInterval: 1n, from: new Date(), to: new Date() }))
      : answer;
  });

/** Several rewrites applied in turn, as one. */
export const inTurn =
  (...rewrites: Rewrite[]): Rewrite =>
  (answer, request) =>
    rewrites.reduce((current, rewrite) => rewrite(current, request), answer);
