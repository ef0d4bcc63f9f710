import type { Console } from '../../src/cli/main';

/** The CLI's console for in-process tests: `out` to the given sink, `err` to console.error, which tests spy on. */
export function consoleTo(out: (line: string) => unknown = () => undefined): Console {
  return { out: (line) => void out(line), err: (line) => console.error(line) };
}
