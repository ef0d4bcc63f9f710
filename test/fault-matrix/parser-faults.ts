import type { ParameterParser } from '../../src/reference-server/query-validation';

/** Wrappers that change what one query-parameter parser of the reference server does with chosen input. */

/** Refuses, as a 422, what `refused` matches; defers to `parser` for the rest. */
export function refusing<T>(parser: ParameterParser<T>, refused: RegExp, msg: string): ParameterParser<T> {
  return (raw) => (refused.test(raw) ? { ok: false, type: 'value_error', msg: `Value error, ${msg}` } : parser(raw));
}

/** Throws, as an unhandled exception deep in a handler would, on what `trigger` matches. */
export function crashingOn<T>(parser: ParameterParser<T>, trigger: RegExp, reason: string): ParameterParser<T> {
  return (raw) => {
    if (trigger.test(raw)) throw new Error(reason);
    return parser(raw);
  };
}

/** Never refuses: what `parser` cannot read silently becomes `fallback()`. */
export function fallingBack<T>(parser: ParameterParser<T>, fallback: () => T): ParameterParser<T> {
  return (raw) => {
    const parsed = parser(raw);
    return parsed.ok ? parsed : { ok: true, value: fallback() };
  };
}

/** Reads what `trigger` matches as `value()`, unchecked; defers to `parser` for the rest. */
export function misreading<T>(parser: ParameterParser<T>, trigger: RegExp, value: () => T): ParameterParser<T> {
  return (raw) => (trigger.test(raw) ? { ok: true, value: value() } : parser(raw));
}
