import type { Case } from '../src/model';
import { auth } from './auth';
import { boundary } from './boundary';
import { mustAccept } from './must-accept';
import { mustReject } from './must-reject';
import { unknownPipelines } from './unknown-pipelines';

/** Every case of the suite, in the order reports list them. */
export const allCases: readonly Case[] = [...mustAccept, ...mustReject, ...boundary, ...auth, ...unknownPipelines];
