/**
 * A variable meant for this suite but spelt otherwise is a setting whose gate would silently stay
 * off: a misspelt STREAMKAP_BASE_URL runs the embedded server and exits 0. Such names are ours to
 * judge; the rest of the environment is the host's.
 */
import { SetupError } from '../setup-error';
import { closestName, distance } from './closest-name';
import { SETTING_NAMES } from './table';

const PREFIX = 'STREAMKAP';
const OUR_NAMES = SETTING_NAMES.filter((name) => name.startsWith(`${PREFIX}_`));
const OURS = new Set<string>(SETTING_NAMES);

/** Upper case, separators dropped: `Stream_Kap_Token` and `STREAMKAPTOKEN` read alike. */
const squeezed = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Whether a name starts with the prefix or a near miss of it (two edits at most, any case, any
 * separators): STEAMKAP_, streamkap_, STRAEMKAP_, STREAM_KAP_. STREAMLIT_ and STREAM_ are three
 * edits away and stay the host's.
 */
function startsLikeOurs(name: string): boolean {
  const head = squeezed(name);
  for (let length = PREFIX.length - 2; length <= PREFIX.length + 2; length += 1) {
    if (distance(head.slice(0, length), PREFIX) <= 2) return true;
  }
  return false;
}

/** The first name set to a value that is meant for this suite but is none of its settings, with the likely spelling. */
export function checkNames(values: Readonly<Record<string, string | undefined>>): void {
  const stray = Object.keys(values).find((name) => !OURS.has(name) && (values[name]?.trim() ?? '') !== '' && startsLikeOurs(name));
  if (stray === undefined) return;
  // Compared squeezed: the prefix's and the separators' spelling are the likely mistakes, and they cost nothing here.
  const byShape = new Map(OUR_NAMES.map((name) => [squeezed(name), name]));
  const meant = byShape.get(closestName(squeezed(stray), [...byShape.keys()]) ?? '');
  throw new SetupError(
    `${stray} is set, but it is no setting of this suite, so it would be ignored.${meant ? ` Did you mean ${meant}?` : ''} Rename it (see README.md or .env.example for the settings), or unset it.`,
    stray,
  );
}
