import type { Finding, ReceivedResponse } from '../model';
import type { Check, Observation } from './observation';

/**
 * The checks of a follow-up that is compared with the case's earlier answers: a HEAD with the GET
 * it mirrors, a conditional GET with the validators it sent back, and any answer with the
 * representations the same URL got before. Each returns nothing where it does not apply.
 */

const REFUSED_TIERS = new Set(['auth', 'refused']);
const isRefusal = (observation: Observation): boolean => REFUSED_TIERS.has(observation.testCase.tier);

/** The media type, without parameters, lower-cased: what a HEAD must label as its GET does. */
const mediaType = (response: ReceivedResponse): string =>
  (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * HEAD answers as the GET it stands for would, without content (RFC 9110, 9.3.2): the same status
 * and Content-Type, never a server error. A 405 that lists the methods in Allow is a legitimate
 * answer (RFC 9110, 15.5.6), as FastAPI gives for HEAD on a GET route.
 */
export const headMirrorsGet: Check = (observation) => {
  const { testCase, response, earlier } = observation;
  const get = earlier[0];
  if (testCase.resent !== 'head' || get === undefined) return [];
  const finding = (title: string, message: string): Finding[] => [{ check: 'head_mirrors_get', title, message }];
  if (response.status >= 500) {
    return finding(
      `HEAD answered ${response.status}`,
      `HEAD answered ${response.status} where GET answered ${get.status}: HEAD must be answered as the GET it mirrors, or refused with 405 and Allow (RFC 9110, 9.3.2 and 15.5.6); never a server error.`,
    );
  }
  if (response.status === 405) {
    const allow = response.headers.allow;
    return allow !== undefined && /\bGET\b/i.test(allow)
      ? []
      : finding(
          'HEAD refused with 405 but no Allow naming GET',
          `HEAD answered 405 with Allow: ${allow ?? '(none)'}; a 405 must list the methods the resource supports in Allow (RFC 9110, 15.5.6), and GET is one.`,
        );
  }
  // A HEAD granted where the GET was refused is head_refused_like_get's.
  if (response.status !== get.status && !(isRefusal(observation) && response.status < 300)) {
    return finding(
      `HEAD answered ${response.status}, GET ${get.status}`,
      `HEAD answered ${response.status} where the same GET answered ${get.status}: HEAD must get the status the GET would (RFC 9110, 9.3.2).`,
    );
  }
  if (response.status === get.status && mediaType(response) !== mediaType(get)) {
    return finding(
      'HEAD labelled unlike its GET',
      `HEAD says Content-Type: ${response.headers['content-type'] ?? '(none)'} where the same GET says ${get.headers['content-type'] ?? '(none)'}: HEAD should send the header fields the GET would (RFC 9110, 9.3.2).`,
    );
  }
  return [];
};

/** A HEAD without the grant its GET lacked is refused like that GET: granting it tells a client without credentials what the GET hides. */
export const headRefusedLikeGet: Check = (observation) => {
  const { testCase, response, earlier } = observation;
  if (testCase.resent !== 'head' || !isRefusal(observation) || response.status < 200 || response.status >= 300) return [];
  return [
    {
      check: 'head_refused_like_get',
      title: `HEAD granted (${response.status}) where GET is refused`,
      message: `HEAD answered ${response.status} to a request the same GET refused with ${earlier[0]?.status ?? 'a refusal'}: authentication must not depend on the method (RFC 9110, 9.3.2 makes HEAD the GET without content).`,
    },
  ];
};

const NOT_MATCHING = new Set(['if-none-match-other', 'if-modified-since-earlier']);

/** 304 says the client's copy is current: only when the validator it sent matches (RFC 9110, 13.1.2 and 13.1.3). */
export const notModifiedOnlyOnMatch: Check = ({ testCase, response }) => {
  if (response.status !== 304 || testCase.resent === undefined || !NOT_MATCHING.has(testCase.resent)) return [];
  const sent =
    testCase.resent === 'if-none-match-other'
      ? 'an If-None-Match naming no ETag it sent'
      : 'an If-Modified-Since a day before its Last-Modified';
  return [
    {
      check: 'not_modified_only_on_match',
      title: '304 Not Modified to a validator that does not match',
      message: `The server answered 304 to ${sent}: a client would keep a copy that is not current. 304 is only for a matching validator (RFC 9110, 13.1.2 and 13.1.3); otherwise the full 200.`,
    },
  ];
};

/**
 * A condition is evaluated after authentication (RFC 9110, 13.2.1): a request refused without the
 * validator is refused with it. Judged against the same request sent just before without it: where
 * that one was served, the fault is the authentication, which its own step reports.
 */
export const preconditionAfterAuthentication: Check = (observation) => {
  const { testCase, response, earlier } = observation;
  if (response.status !== 304 || testCase.resent === undefined || testCase.resent === 'head' || !isRefusal(observation)) return [];
  const withoutValidator = earlier.at(-1)?.status;
  if (withoutValidator !== 401 && withoutValidator !== 403) return [];
  return [
    {
      check: 'precondition_after_authentication',
      title: '304 to a request refused without its validator',
      message: `A request without a valid grant answered 304 because its validator matched: preconditions are evaluated after authentication (RFC 9110, 13.2.1), so it must get the 401 or 403 it gets without one; a 304 confirms to anyone what the authorised client holds.`,
    },
  ];
};

const strongEtag = (response: ReceivedResponse): string | undefined => {
  const etag = response.headers.etag?.trim();
  return etag === undefined || etag.startsWith('W/') ? undefined : etag;
};

/**
 * A strong ETag names one representation, byte for byte (RFC 9110, 8.8.3): the same strong ETag
 * on two 200 answers of the same URL with different content is a fault (a cache would join them).
 */
export const strongEtagNamesOneRepresentation: Check = ({ testCase, response, earlier }) => {
  const etag = strongEtag(response);
  if (etag === undefined || testCase.resent === 'head' || response.status !== 200) return [];
  const other = earlier.find((before) => before.status === 200 && strongEtag(before) === etag && before.body !== response.body);
  if (other === undefined) return [];
  return [
    {
      check: 'strong_etag_names_one_representation',
      title: 'One strong ETag on two different bodies',
      message: `Two 200 answers of the same URL carry the strong ETag ${etag} with different content: a strong ETag names one representation byte for byte (RFC 9110, 8.8.3), so a cache would serve the old bytes as current. Change the ETag with the content, or make it weak (W/).`,
    },
  ];
};

/** The checks of every follow-up, with the earlier answers at hand. */
export const EXCHANGE_CHECKS: readonly Check[] = [
  headMirrorsGet,
  headRefusedLikeGet,
  notModifiedOnlyOnMatch,
  preconditionAfterAuthentication,
  strongEtagNamesOneRepresentation,
];
