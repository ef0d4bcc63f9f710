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

/**
 * The rule beyond any parser: *must reject* is for a value that denotes no valid value at all.
 * A value that spells a valid one another way is disputed whatever the emulated parsers say: a
 * server may read it (as float(), Python's int(), Go or Java would) or refuse it.
 *
 * For an integer, a spelling is a decimal numeral whose value is an integer: white space around
 * it, a sign, digits of any script, underscores between digits, a fraction of zeros or none after
 * the point, an exponent (`+1`, `01`, ` 1`, `1_000`, `1.`, `1.0`, `1e3`, `１`). Letters, `1.5`, hex,
 * `1,000` denote no integer (an empty value is disputed, see judgeValue). For a date-time, a spelling is text that some
 * reading of RFC 3339 or ISO 8601 reads as one instant once the white space around it is gone
 * (`15.Z` as `15Z`, an offset with `:00` seconds). An enum's value is its exact string, as JSON
 * Schema compares strings: another case or white space is another string, not another spelling.
 */
const DECIMAL_NUMERAL = /^\s*[+-]?(\p{Nd}+(?:_\p{Nd}+)*)(?:\.(\p{Nd}*))?(?:[eE]([+-]?\p{Nd}+))?\s*$/u;

/** A decimal digit of any script as an ASCII digit: digits come in runs of ten from zero. */
function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0) ?? 0;
  let zero = code;
  while (zero > code - 9 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return String((code - zero) % 10);
}
const asciiDigits = (text: string): string => [...text].map(asciiDigit).join('');

function denotesInteger(raw: string): boolean {
  const match = DECIMAL_NUMERAL.exec(raw);
  if (!match) return false;
  const fraction = asciiDigits(match[2] ?? '');
  const digits = `${asciiDigits((match[1] ?? '').replace(/_/g, ''))}${fraction}`;
  const exponent = Number(asciiDigits((match[3] ?? '0').replace(/^[+-]/, ''))) * (match[3]?.startsWith('-') ? -1 : 1);
  // The numeral's value is digits × 10^(exponent − fraction digits): whole when the digits it drops are zeros.
  const dropped = fraction.length - exponent;
  return dropped <= 0 || /^0*$/.test(digits.slice(-dropped)) || /^0*$/.test(digits);
}

function judgeInteger(raw: string): ValueJudgement {
  const readings = [CANONICAL_INTEGER.test(raw) ? BigInt(raw) : undefined, pydanticV2Integer(raw), pydanticV1Integer(raw)];
  const accepted = readings.filter((value) => value !== undefined);
  if (accepted.length === 0) return { class: denotesInteger(raw) ? 'disputed' : 'invalid' };
  if (accepted.length < readings.length) return { class: 'disputed' };
  return { class: 'valid', integer: accepted[0] };
}

/** Respellings an ISO 8601 reader allows: an empty fraction, seconds in the offset. */
const ISO_RESPELLINGS: ReadonlyArray<(text: string) => string> = [
  (text) => text.replace(/(\d)\.(?=[Zz+-]|$)/, '$1'),
  (text) => text.replace(/([+-]\d{2}:\d{2}):00$/, '$1'),
];

function denotesInstant(raw: string): boolean {
  const text = raw.trim();
  return [text, ...ISO_RESPELLINGS.map((respell) => respell(text))].some((spelling) => judgeDateTime(spelling).class !== 'invalid');
}

/**
 * Both pydantic versions validate a str Enum by exact match, as the contract's `enum` does: no
 * case folding, no trimming. So an enum value is never disputed.
 */
const judgeEnum = (space: ParameterSpace, raw: string): ValueJudgement => ({ class: space.members.includes(raw) ? 'valid' : 'invalid' });

function judgeDateTimeValue(raw: string): ValueJudgement {
  const judgement = judgeDateTime(raw);
  if (judgement.class === 'invalid') return { class: denotesInstant(raw) ? 'disputed' : 'invalid' };
  return { class: judgement.class, ...(judgement.instant !== undefined && { instant: judgement.instant }) };
}

/**
 * A generated value is judged when it is drawn, when its tier is set and again when its answer
 * is checked; each judgement runs every parser, so the last few thousand are kept. The judgement
 * of an integer or a date-time depends on the raw value alone.
 */
const REMEMBERED = 4096;
const remembered: Record<'integer' | 'date-time', Map<string, Readonly<ValueJudgement>>> = { integer: new Map(), 'date-time': new Map() };

function rememberedJudgement(kind: 'integer' | 'date-time', raw: string, judgeRaw: (raw: string) => ValueJudgement): ValueJudgement {
  const memory = remembered[kind];
  let judgement = memory.get(raw);
  if (judgement === undefined) {
    if (memory.size >= REMEMBERED) memory.clear();
    judgement = Object.freeze(judgeRaw(raw));
    memory.set(raw, judgement);
  }
  return judgement;
}

export function judgeValue(space: ParameterSpace, raw: string): ValueJudgement {
  // An empty value (or a name without `=`) is absent to Spring's `defaultValue` and to Go code that
  // reads `Query().Get(name)`, which serve the default; FastAPI refuses it. So it is no must-reject.
  if (raw === '') return { class: 'disputed' };
  switch (space.kind) {
    case 'enum':
      return judgeEnum(space, raw);
    case 'integer':
      return rememberedJudgement('integer', raw, judgeInteger);
    case 'date-time':
      return rememberedJudgement('date-time', raw, judgeDateTimeValue);
  }
}
