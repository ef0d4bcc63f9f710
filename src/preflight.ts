import { buildRequest } from './request-builder';
import type { RunContext } from './runner';
import { SetupError } from './setup-error';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/;

/** OpenSSL's reason, such as "wrong version number", out of its one-line dump. */
function tlsReason(code: string, message: string): string {
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
  return reason === undefined ? code : `${code}: ${reason}`;
}

/**
 * One authenticated request for the configured pipeline before any case runs. It stops the run
 * (exit 2) for what no case can work around, a target that cannot be reached, a token it refuses,
 * a pipeline it does not know, and lets everything else through to be judged by the cases.
 */
export async function preflight(context: RunContext): Promise<void> {
  const request = buildRequest({ id: 'preflight', title: 'preflight', tier: 'accept', tags: [] }, context.target);
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
      `Cannot reach STREAMKAP_BASE_URL (${base}): ${what}${result.retries ? `, after ${result.retries} retries` : ''}. Check the URL and the network, or unset STREAMKAP_BASE_URL to run against the embedded reference server.`,
      'STREAMKAP_BASE_URL',
    );
  }
  const { status, headers } = result.response!;
  if (status >= 300 && status < 400) {
    throw new SetupError(
      `${base} redirects the metrics request (HTTP ${status} to ${headers.location ?? 'nowhere given'}). The suite does not follow redirects; set STREAMKAP_BASE_URL to the URL the API really answers at.`,
      'STREAMKAP_BASE_URL',
    );
  }
  if (status === 401 || status === 403) {
    throw new SetupError(
      `${base} refused the run's token for pipeline ${context.target.pipelineId} (HTTP ${status}). Set STREAMKAP_TOKEN to a valid token with read:pipeline_metrics (or check STREAMKAP_CLIENT_ID and STREAMKAP_SECRET), and check that it belongs to the pipeline's organisation.`,
      'STREAMKAP_TOKEN',
    );
  }
  if (status === 404) {
    throw new SetupError(
      `${base}${request.path} answered 404: either STREAMKAP_PIPELINE_ID (${context.target.pipelineId}) is not a pipeline this token can see, or STREAMKAP_BASE_URL lacks the API's path prefix (such as /api). Fix whichever is wrong; the cases need an existing pipeline.`,
      'STREAMKAP_PIPELINE_ID',
    );
  }
}
