/** Past this many characters a quoted value shows its start and its length: a message must fit a screen. */
const SHOWN_CHARS = 80;

/**
 * A value as a message quotes it, in JSON quotes; a value pasted by mistake (a file's contents, a
 * whole response) by its start and its length, never whole.
 */
export function shownValue(value: string): string {
  if (value.length <= SHOWN_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, SHOWN_CHARS))}… (${value.length.toLocaleString('en-US')} characters)`;
}

/** A word (a tag, a case id) as a message names it: unquoted, and capped as `shownValue` caps a value. */
export const shownWord = (word: string): string => (word.length <= SHOWN_CHARS ? word : shownValue(word));

/** Why a file could not be read, without the path node's message repeats (`ENAMETOOLONG: name too long`): the message quotes it once, capped. */
export function fileErrorReason(error: unknown): string {
  // Duck-typed: node's errors may come from another realm under jest, where `instanceof Error` is false.
  const { message } = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as { message?: unknown };
  return String(message ?? error).replace(/, \w+ '[\s\S]*'$/, '');
}
