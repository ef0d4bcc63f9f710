import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** The suite's own folder, where its package.json, .env and reports/ are. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

const real = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * The project's root when `cwd` is one of its subfolders (npx from src/, say), so that the run
 * works there as `npm run` does; undefined in the root itself or outside the project.
 */
export function projectRootAbove(cwd: string, root = PROJECT_ROOT): string | undefined {
  const from = relative(real(root), real(cwd));
  const inside = from !== '' && !isAbsolute(from) && from.split(sep)[0] !== '..';
  return inside ? real(root) : undefined;
}
