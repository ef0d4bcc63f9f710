import type { Finding } from '../model';
import { documentedByHttp, RECOMMENDED_URI_OCTETS } from './long-target';
import type { Check } from './observation';

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
          : ''),
    },
  ];
};

const JSON_MEDIA_TYPE = /^application\/json\s*(;.*)?$/i;

const labelledJson = (headers: Record<string, string>): boolean => JSON_MEDIA_TYPE.test((headers['content-type'] ?? '').trim());

/** A documented JSON answer says so in Content-Type (parameters such as charset allowed). */
export const contentTypeIsJson: Check = ({ response, contract }) => {
  const declared = contract.responses.get(String(response.status));
  if (!declared?.mediaTypes.includes('application/json')) return [];
  const contentType = response.headers['content-type'];
  if (labelledJson(response.headers)) return [];
  return [
    {
      check: 'content_type_is_json',
      title: 'Content-Type is not application/json',
      message:
        contentType === undefined
          ? `The ${response.status} answer has no Content-Type; the contract declares application/json.`
          : `The ${response.status} answer's Content-Type is "${contentType}"; the contract declares application/json.`,
    },
  ];
};

/** A documented JSON answer, or a 414 HTTP documents that says it is JSON, has a body that parses as JSON. */
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
