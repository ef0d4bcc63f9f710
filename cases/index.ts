import { profilesInTurn } from '../src/generation/profiles-in-turn';
import type { Case } from '../src/model';
import { auth } from './auth';
import { boundary } from './boundary';
import { mustAccept } from './must-accept';
import { mustReject } from './must-reject';
import { unknownPipelines } from './unknown-pipelines';

/** Every case of the suite, in the order reports list them; each tier's cases carry the client profiles in turn. */
export const allCases: readonly Case[] = profilesInTurn([...mustAccept, ...mustReject, ...boundary, ...auth, ...unknownPipelines]);
