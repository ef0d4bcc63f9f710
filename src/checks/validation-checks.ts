import { invalidParameters } from '../generation/tier-rule';
import { parameterSpaces } from '../generation/parameter-space';
import type { Contract } from '../contract';
import type { ParameterSpace } from '../generation/parameter-space';
import type { Check } from './observation';

const spacesByContract = new WeakMap<Contract, ParameterSpace[]>();
const spacesOf = (contract: Contract): ParameterSpace[] => {
  let spaces = spacesByContract.get(contract);
  if (spaces === undefined) {
    spaces = parameterSpaces(contract);
    spacesByContract.set(contract, spaces);
  }
  return spaces;
};

/** What a 422 item's loc says, when it is a list. */
const locsOf = (body: unknown): unknown[][] => {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail)) return [];
  return detail.map((item) => (item as { loc?: unknown } | null)?.loc).filter((loc): loc is unknown[] => Array.isArray(loc));
};

/**
 * A 422 for a request with exactly one invalid parameter says which: some item's loc names it
 * (`["query", "time_unit"]`), or names the query as a whole (`["query"]`). A 422 that points
 * elsewhere sends the client to fix the wrong thing. The shape itself is the schema check's.
 */
export const validationErrorNamesParameter: Check = ({ testCase, response, body, contract }) => {
  if (response.status !== 422 || !body.ok) return [];
  const invalid = invalidParameters(testCase.query ?? [], spacesOf(contract));
  if (invalid.length !== 1) return [];
  const [name] = invalid;
  const locs = locsOf(body.value);
  if (locs.length === 0 || locs.some((loc) => loc.includes(name) || (loc.length === 1 && loc[0] === 'query'))) return [];
  return [
    {
      check: 'validation_error_names_parameter',
      title: `422 does not name ${name}`,
      message: `Only ${name} is invalid in this request, but no item of the 422's detail names it in its loc (locs: ${locs
        .map((loc) => JSON.stringify(loc))
        .join(', ')
        .slice(0, 300)}).`,
    },
  ];
};
