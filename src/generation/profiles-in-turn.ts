import { CLIENT_PROFILE_SPECS, DEFAULT_PROFILE } from '../http/client-profiles';
import type { Case, ClientProfile, Tier } from '../model';

/** The order in which a tier's cases take client profiles: the suite's own first, then the simplest, the browsers last. */
const IN_TURN: readonly ClientProfile[] = [
  DEFAULT_PROFILE,
  'curl',
  'python-requests',
  'go',
  'undici',
  'browser-fetch',
  'browser-navigation',
];

/** How a title says whose headers its request carries. */
export const asProfile = (profile: ClientProfile): string => `as ${CLIENT_PROFILE_SPECS[profile].what}`;

/**
 * Every tier's requests judged under every client's headers: the n-th case of each tier (in the
 * list's order) carries the n-th profile in turn, and its title says which. Deterministic, so a run
 * sends what `--list` shows and a rerun by id sends the same; a case that names its own profile or
 * Accept keeps them.
 */
export function profilesInTurn(cases: readonly Case[]): Case[] {
  const taken = new Map<Tier, number>();
  return cases.map((testCase) => {
    if (testCase.profile !== undefined || testCase.accept !== undefined) return testCase;
    const n = taken.get(testCase.tier) ?? 0;
    taken.set(testCase.tier, n + 1);
    const profile = IN_TURN[n % IN_TURN.length] ?? DEFAULT_PROFILE;
    return profile === DEFAULT_PROFILE ? testCase : { ...testCase, profile, title: `${testCase.title} (${asProfile(profile)})` };
  });
}
