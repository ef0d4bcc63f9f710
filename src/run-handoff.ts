import type { IssuedToken } from './auth';
import type { RunSettings } from './runner';
import { SetupError } from './setup-error';

/** The variable through which the CLI hands its settled run to the jest table in the same process. */
const HANDOFF_VARIABLE = 'STREAMKAP_CONFORMANCE_RUN';

/** What the CLI settled before any case ran: where to send, with which token, and what it is. */
export interface RunHandoff {
  settings: RunSettings;
  issuedToken?: IssuedToken;
  embedded: boolean;
  startedAt: string;
}

export function handOff(handoff: RunHandoff, env: NodeJS.ProcessEnv = process.env): void {
  env[HANDOFF_VARIABLE] = JSON.stringify(handoff);
}

export function takeHandoff(env: NodeJS.ProcessEnv = process.env): RunHandoff {
  const raw = env[HANDOFF_VARIABLE];
  if (raw === undefined) {
    throw new SetupError(
      'The conformance table runs through the CLI, which validates settings and checks the target first. Run `npm run conformance` instead of jest on this file.',
    );
  }
  return JSON.parse(raw) as RunHandoff;
}
