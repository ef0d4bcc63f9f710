import type { Case, Finding } from '../model';
import { acceptWords, negotiationOf } from '../http/client-profiles';
import { acceptAdmitsJson } from '../http/negotiation';
import { documentedByHttp as documentedByTargetLength, RECOMMENDED_URI_OCTETS } from './long-target';
import type { Check, Observation } from './observation';

/**
 * Whether HTTP itself documents this status for this request: a 414 to a target past the
 * recommended length (long-target.ts), or a 406 to an Accept that admits no JSON (RFC 9110,
 * 15.5.7). A gateway or framework may send either in its own words, so, as for a malformed id,
 * the status is the verdict: its body is judged only when labelled JSON.
 */
const documentedByHttp = (testCase: Case, status: number): boolean =>
  documentedByTargetLength(testCase, status) || (status === 406 && !acceptAdmitsJson(negotiationOf(testCase).accept));

/** Every status the server sends is declared in the OpenAPI document or documented in its prose (or by HTTP: long-target.ts). */
export const statusIsDocumented: Check = ({ response, contract, testCase }) => {
  if (contract.responses.has(String(response.status)) || documentedByHttp(testCase, response.status)) return [];
  const known = [...contract.responses.values()]
    .map((r) => r.status)
    .sort()
    .join(', ');
  return [
    {
      check: 'status_is_documented',
      title: `Undocumented status ${response.status}`,
      message:
        `The contract declares or documents only ${known} for this operation; the server answered ${response.status}.` +
        (response.status === 414
          ? ` RFC 9110 (4.1) asks servers to take URIs of ${RECOMMENDED_URI_OCTETS} octets, and this one was shorter.`
          : '') +
        (response.status === 406
          ? ` 406 Not Acceptable is for an Accept that admits no JSON (RFC 9110, 15.5.7); this request sent ${acceptWords(negotiationOf(testCase).accept)}, which admits application/json (no Accept at all admits anything: RFC 9110, 12.5.1).`
          : ''),
    },
  ];
};

/** application/json, or a type with the +json suffix (RFC 6839, 3.1), parameters such as charset allowed. */
const JSON_MEDIA_TYPE = /^application\/(?:json|[\w.!#$&^-]+\+json)\s*(;.*)?$/i;

const labelledJson = (headers: Record<string, string>): boolean => JSON_MEDIA_TYPE.test((headers['content-type'] ?? '').trim());

/**
 * A documented JSON answer labelled as something else. One rule, two names, by what the body is:
 * a body that is JSON under another label is `json_labelled_as_json` (the label is the fault), a
 * body that is not JSON either is `content_type_is_json` (beside `body_is_json`: the answer is
 * not the contract's). So one server fault is one cause, whatever Accept each request sent.
 */
function wrongJsonLabel(observation: Observation): Finding | undefined {
  const { response, contract } = observation;
  const declared = contract.responses.get(String(response.status));
  if (!declared?.mediaTypes.includes('application/json') || labelledJson(response.headers)) return undefined;
  const contentType = response.headers['content-type'];
  const said = contentType === undefined ? 'has no Content-Type' : `says Content-Type: "${contentType}"`;
  if (!observation.body.ok) {
    return {
      check: 'content_type_is_json',
      title: 'Content-Type is not application/json',
      message: `The ${response.status} answer ${said}; the contract declares application/json.`,
    };
  }
  const { accept, who } = negotiationOf(observation.testCase);
  return {
    check: 'json_labelled_as_json',
    title: 'JSON labelled as another media type',
    message:
      `The ${response.status} answer is JSON but ${said}, to a request that sent ${acceptWords(accept)} (as ${who} does). ` +
      'A JSON answer is labelled application/json (or a +json type) whatever Accept admits it: a client reads content by its ' +
      'Content-Type (RFC 9110, 8.3), and a server that does not honour Accept disregards it rather than relabelling the JSON (RFC 9110, 12.5.1).',
  };
}

/** A documented JSON answer whose body is not JSON says application/json all the same (parameters such as charset allowed). */
export const contentTypeIsJson: Check = (observation) => {
  const finding = wrongJsonLabel(observation);
  return finding?.check === 'content_type_is_json' ? [finding] : [];
};

/** A JSON answer is labelled as JSON, whatever acceptable Accept was sent. */
export const jsonLabelledAsJson: Check = (observation) => {
  const finding = wrongJsonLabel(observation);
  return finding?.check === 'json_labelled_as_json' ? [finding] : [];
};

/** A documented JSON answer, or one HTTP documents (a 414, a 406) that says it is JSON, has a body that parses as JSON. */
export const bodyIsJson: Check = ({ response, body, contract, testCase }) => {
  const judged =
    contract.responses.has(String(response.status)) || (documentedByHttp(testCase, response.status) && labelledJson(response.headers));
  if (body.ok || !judged) return [];
  return [{ check: 'body_is_json', title: 'Body is not JSON', message: `For status ${response.status}, ${body.reason}.` }];
};

/** The body matches the schema that the contract gives its status. */
export const responseSchemaConformance: Check = ({ response, schema }) => {
  if (!schema || schema.errors.length === 0) return [];
  const finding: Finding = {
    check: 'response_schema_conformance',
    title: `Body does not match the ${response.status} schema`,
    message: `${schema.errors.length} schema error(s) against ${schema.source}.`,
    schemaErrors: schema.errors,
  };
  return [finding];
};
