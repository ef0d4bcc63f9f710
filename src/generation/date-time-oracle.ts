import { parseRfc3339 } from '../reference-server/rfc3339';
import { pydanticV1DateTime } from './pydantic-v1';
import { type ParsedInstant, pydanticV2DateTime } from './pydantic-v2';

/**
 * The rule of the tables, for generated date-times: a value is valid ("must accept") only when
 * every parser a conformant server may use accepts it, invalid ("must reject") only when every
 * one refuses it, and disputed otherwise.
 */

export type ValueClass = 'valid' | 'invalid' | 'disputed';

const DATE_TIME_PARSERS = ['rfc3339', 'pydantic-v2', 'pydantic-v1'] as const;
type DateTimeParser = (typeof DATE_TIME_PARSERS)[number];

const LEAP_SECOND = /^(.{17})60(?=[.,Zz+-]|$)/;

/**
 * Strict RFC 3339 (section 5.6), as the contract's `format: date-time` says. The reference server's
 * parser refuses a leap second; the grammar allows `:60`, so it is read here as `:59`.
 */
function rfc3339DateTime(raw: string): ParsedInstant {
  const parsed = parseRfc3339(raw) ?? parseRfc3339(raw.replace(LEAP_SECOND, '$159'));
  return parsed === undefined || Number.isNaN(parsed.getTime()) ? undefined : parsed.getTime() + (LEAP_SECOND.test(raw) ? 1000 : 0);
}

const PARSE: Record<DateTimeParser, (raw: string) => ParsedInstant> = {
  rfc3339: rfc3339DateTime,
  'pydantic-v2': pydanticV2DateTime,
  'pydantic-v1': pydanticV1DateTime,
};

export interface DateTimeJudgement {
  class: ValueClass;
  /** The instant every parser read, when the value is valid. */
  instant?: number;
  /** Which parsers accepted it. */
  acceptedBy: DateTimeParser[];
}

export function judgeDateTime(raw: string): DateTimeJudgement {
  const readings = DATE_TIME_PARSERS.map((parser) => [parser, PARSE[parser](raw)] as const);
  const acceptedBy = readings.filter(([, instant]) => instant !== undefined).map(([parser]) => parser);
  if (acceptedBy.length === 0) return { class: 'invalid', acceptedBy };
  if (acceptedBy.length < DATE_TIME_PARSERS.length) return { class: 'disputed', acceptedBy };
  // All read it; RFC 3339's reading is exact to the millisecond where the others may round.
  return { class: 'valid', instant: readings[0]?.[1], acceptedBy };
}
