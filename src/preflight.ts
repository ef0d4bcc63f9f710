import { unavailability } from './judge';
import type { ReceivedResponse } from './model';
import { buildRequest } from './request-builder';
import type { RunContext } from './runner';
import { SetupError } from './setup-error';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/;

/** OpenSSL's reason, such as "wrong version number", out of its one-line dump. */
function tlsReason(code: string, message: string): string {
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
  return reason === undefined ? code : `${code}: ${reason}`;
}

/** What a base URL seems to serve, when it answers with something other than JSON. */
function whatItServes(response: ReceivedResponse): string | undefined {
  if (response.bodyProblem !== undefined) return `a body that is no readable text (${response.bodyProblem})`;
  try {
    JSON.parse(response.body);
    return undefined;
  } catch {
    // described below
  }
  const contentType = response.headers['content-type'] ?? 'no Content-Type';
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(response.body)) {
    const title = /<title[^>]*>([^<]{0,120})/i.exec(response.body)?.[1]?.trim();
    return `an HTML page${title ? ` titled "${title}"` : ''} (HTTP ${response.status}, ${contentType})`;
  }
  const start = response.body.trimStart().slice(0, 60).replace(/\s+/g, ' ');
  return `${response.body.trim() === '' ? 'an empty body' : `text that is not JSON, starting "${start}"`} (HTTP ${response.status}, ${contentType})`;
}

/**
 * One authenticated request for the configured pipeline before any case runs. It stops the run
 * (exit 2) for what no case can work around: a target that cannot be reached or is unavailable,
 * one that is not this API (no JSON, or a status the contract does not know), a token it refuses,
 * a pipeline it does not know. Everything else goes through to be judged by the cases.
 */
export async function preflight(context: RunContext, pipelineId = context.target.pipelineId): Promise<void> {
  const request = buildRequest({ id: 'preflight', title: 'preflight', tier: 'accept', tags: [], pipelineId }, context.target);
  const authorization = await context.auth.authorization('token');
  const result = await context.client.get(request.url, authorization === undefined ? {} : { authorization });
  const base = context.target.baseUrl;
  if (result.error) {
    const { code, message } = result.error;
    if (result.error.kind === 'timeout') {
      throw new SetupError(
        `${base} accepted the connection but sent ${message}. Check that STREAMKAP_BASE_URL points at the Streamkap API, or raise STREAMKAP_TIMEOUT_MS if the target is just slow.`,
        'STREAMKAP_BASE_URL',
      );
    }
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'its host name does not resolve'
        : code === 'ECONNREFUSED'
          ? 'nothing accepts connections there'
          : TLS_CODES.test(code)
            ? `the TLS handshake failed (${tlsReason(code, message)}; if the target speaks plain HTTP, use an http:// URL)`
            : `the connection failed (${code}: ${message})`;
    throw new SetupError(
      `Cannot reach STREAMKAP_BASE_URL (${base}): ${what}${result.retries ? `, after ${result.retries} retries` : ''}. Check the URL and the network.`,
      'STREAMKAP_BASE_URL',
    );
  }
  const answered = unavailability(result);
  if (answered !== undefined) {
    throw new SetupError(
      `${base} is unavailable: the first request ${answered}. Nothing was checked; run again when the target is back (STREAMKAP_RETRIES sets how often each request is retried).`,
      'STREAMKAP_BASE_URL',
    );
  }
  const response = result.response!;
  const { status, headers } = response;
  if (status >= 300 && status < 400) {
    throw new SetupError(
      `${base} redirects the metrics request (HTTP ${status} to ${headers.location ?? 'nowhere given'}). The suite does not follow redirects; set STREAMKAP_BASE_URL to the URL the API really answers at.`,
      'STREAMKAP_BASE_URL',
    );
  }
  const served = whatItServes(response);
  if (served !== undefined) {
    throw new SetupError(
      `${base} does not answer like the Streamkap API: the metrics request for pipeline ${pipelineId} got ${served}. Set STREAMKAP_BASE_URL to the API's base URL (such as https://api.streamkap.com), not a web page or a proxy in front of it.`,
      'STREAMKAP_BASE_URL',
    );
  }
  if (status === 401 || status === 403) {
    throw new SetupError(
      `${base} refused the run's token for pipeline ${pipelineId} (HTTP ${status}). Set STREAMKAP_TOKEN to a valid token with read:pipeline_metrics (or check STREAMKAP_CLIENT_ID and STREAMKAP_SECRET), and check that it belongs to the pipeline's organisation.`,
      'STREAMKAP_TOKEN',
    );
  }
  if (status === 404) {
    // FastAPI says a bare "Not Found" for a path it has no route for; a missing pipeline gets its own words.
    const noRoute = /^\s*\{\s*"detail"\s*:\s*"Not Found"\s*\}\s*$/.test(response.body);
    throw new SetupError(
      noRoute
        ? `${base}${request.path} answered 404 with no route there: STREAMKAP_BASE_URL probably lacks the API's path prefix (such as /api). Set it to the URL that /pipelines/{id}/metrics follows.`
        : `${base}${request.path} answered 404: pipeline ${pipelineId} (STREAMKAP_PIPELINE_ID or STREAMKAP_PIPELINE_IDS) is not a pipeline this token can see. Set it to an existing pipeline of the token's organisation; the cases need one.`,
      noRoute ? 'STREAMKAP_BASE_URL' : 'STREAMKAP_PIPELINE_ID',
    );
  }
  if (!context.contract.responses.has(String(status))) {
    throw new SetupError(
      `${base} answered the metrics request with HTTP ${status}, a status the contract does not know for this operation, so it does not look like the Streamkap API. Check STREAMKAP_BASE_URL.`,
      'STREAMKAP_BASE_URL',
    );
  }
}
