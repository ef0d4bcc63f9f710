/** A count and its noun, agreeing: `1 retry`, `2 retries`, `1,234 cases`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
