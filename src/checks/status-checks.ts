import type { CheckName, Finding } from '../model';
import type { Check, WarningRule } from './observation';

const finding = (check: CheckName, title: string, message: string): Finding[] => [{ check, title, message }];

/** A request the contract allows is answered 200. */
export const validRequestAccepted: Check = ({ response }) =>
  response.status === 200
    ? []
    : finding(
        'valid_request_accepted',
        `Valid request answered ${response.status}`,
        `The contract allows this request, so it must get 200; it got ${response.status}.`,
      );

/** Auth and not-found answers to a bad parameter would hide what is wrong: the token and pipeline are good. */
const NOT_A_VALIDATION_ANSWER = new Set([401, 403, 404]);

/** A request the contract forbids is refused with a 4xx that is about the request. */
export const invalidRequestRejected: Check = ({ response }) => {
  const { status } = response;
  if (status >= 400 && status < 500 && !NOT_A_VALIDATION_ANSWER.has(status)) return [];
  const why =
    status < 400
      ? 'the server accepted a value the contract forbids'
      : status >= 500
        ? 'the server failed instead of validating its input'
        : 'the token and pipeline are valid, so this status hides the real problem';
  return finding(
    'invalid_request_rejected',
    `Invalid request answered ${status}`,
    `Expected a 4xx such as 422 or 400; got ${status}: ${why}.`,
  );
};

/** Whatever the server decides, it does not fail. */
export const notAServerError: Check = ({ response }) =>
  response.status < 500
    ? []
    : finding(
        'not_a_server_error',
        `Server error ${response.status}`,
        `The server answered ${response.status}; input the contract leaves open must get a considered answer, not a crash.`,
      );

/** A limited token that got metrics is either a server ignoring scopes or a full token in the wrong setting. */
const LIMITED_TOKEN_HINT =
  ' If STREAMKAP_LIMITED_TOKEN (or the limited client) does have read:pipeline_metrics, this is a setting, not a server fault: set it to credentials without that permission.';

/** Without a grant, the answer is 401 or 403. */
export const authEnforced: Check = ({ response, testCase }) =>
  response.status === 401 || response.status === 403
    ? []
    : finding(
        'auth_enforced',
        `Unauthorised request answered ${response.status}`,
        `Expected 401 or 403 for a request without a valid grant; got ${response.status}.${testCase.auth === 'limited-token' ? LIMITED_TOKEN_HINT : ''}`,
      );

/** RFC 6750 (3.1) asks for 403 on insufficient scope; a 401 cannot be told from a token the server does not know. */
export const permissionConfirmed: WarningRule = ({ testCase, response }) =>
  testCase.auth !== 'limited-token' || response.status !== 401
    ? []
    : [
        {
          code: 'permission-unconfirmed',
          title: 'Permission check unconfirmed',
          message:
            'The limited token was answered 401, as an unknown or expired token would be, so this run could not confirm that a valid token without read:pipeline_metrics is refused. RFC 6750 asks for 403 on insufficient scope. If STREAMKAP_LIMITED_TOKEN may have expired, set STREAMKAP_LIMITED_CLIENT_ID and STREAMKAP_LIMITED_SECRET instead, so each run exchanges a fresh one.',
        },
      ];

/** An unknown pipeline is answered 404, as documented. */
export const unknownPipelineNotFound: Check = ({ response }) =>
  response.status === 404
    ? []
    : finding(
        'unknown_pipeline_not_found',
        `Unknown pipeline answered ${response.status}`,
        `Expected 404 for a pipeline that does not exist; got ${response.status}.`,
      );

/** A malformed pipeline id is refused as a client error. */
export const malformedIdRejected: Check = ({ response }) =>
  response.status >= 400 && response.status < 500
    ? []
    : finding(
        'malformed_id_rejected',
        `Malformed pipeline id answered ${response.status}`,
        `Expected a 4xx for a pipeline id that cannot exist; got ${response.status}.`,
      );

/** The answers a request refused for two reasons at once may get: either refusal is honest, and neither leaks. */
const EITHER_REFUSAL = new Set([400, 401, 403, 404, 422]);

/**
 * A request without a usable grant whose query is not valid may be refused as unauthorised
 * (401, 403) or as invalid (400, 422), whichever the server checks first, or as an unknown
 * pipeline (404): never served, never a crash.
 */
export const refusedEitherWay: Check = ({ response }) =>
  EITHER_REFUSAL.has(response.status)
    ? []
    : finding(
        'auth_enforced',
        `Unauthorised request answered ${response.status}`,
        `Expected 401 or 403 (or 400 or 422 for its query, which a server may check first, or 404); got ${response.status}.`,
      );
