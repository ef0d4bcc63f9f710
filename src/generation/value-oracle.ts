import { judgeDateTime, type ValueClass } from './date-time-oracle';
import type { ParameterSpace } from './parameter-space';
// pydantic v1's int_validator over a string is Python's int(v).
import { pythonInt as pydanticV1Integer } from './pydantic-v1';
import { pydanticV2Integer } from './pydantic-v2';

export type { ValueClass } from './date-time-oracle';

/** What the parsers a conformant server may use agree a raw query value is. */
export interface ValueJudgement {
  class: ValueClass;
  /** A valid integer's value. */
  integer?: bigint;
  /** A valid date-time's instant, in milliseconds since the epoch. */
  instant?: number;
}

/** An integer in a query as JSON Schema's `integer` writes it: no sign but minus, no leading zero, no space. */
const CANONICAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;

function judgeInteger(raw: string): ValueJudgement {
  const readings = [CANONICAL_INTEGER.test(raw) ? BigInt(raw) : undefined, pydanticV2Integer(raw), pydanticV1Integer(raw)];
  const accepted = readings.filter((value) => value !== undefined);
  if (accepted.length === 0) return { class: 'invalid' };
  if (accepted.length < readings.length) return { class: 'disputed' };
  return { class: 'valid', integer: accepted[0] };
}

/**
 * Both pydantic versions validate a str Enum by exact match, as the contract's `enum` does: no
 * case folding, no trimming. So an enum value is never disputed.
 */
const judgeEnum = (space: ParameterSpace, raw: string): ValueJudgement => ({ class: space.members.includes(raw) ? 'valid' : 'invalid' });

export function judgeValue(space: ParameterSpace, raw: string): ValueJudgement {
  switch (space.kind) {
    case 'enum':
      return judgeEnum(space, raw);
    case 'integer':
      return judgeInteger(raw);
    case 'date-time': {
      const judgement = judgeDateTime(raw);
      return { class: judgement.class, ...(judgement.instant !== undefined && { instant: judgement.instant }) };
    }
  }
}
