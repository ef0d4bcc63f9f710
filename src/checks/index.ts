import type { Tier } from '../model';
import { authenticatedResponseNotSharedCacheable } from './cache-checks';
import { bodyIsJson, contentTypeIsJson, jsonLabelledAsJson, responseSchemaConformance, statusIsDocumented } from './contract-checks';
import { EXCHANGE_CHECKS } from './exchange-checks';
import { noMetricsLeaked } from './leak-checks';
import { codingUnrequested, contentCodingAsNegotiated } from './negotiation-checks';
import type { Check, WarningRule } from './observation';
import { degradedAnswer, responseTimeWithinBudgetCheck } from './response-time-checks';
import { validationErrorNamesParameter } from './validation-checks';
import {
  authEnforced,
  invalidRequestRejected,
  permissionConfirmed,
  malformedIdRejected,
  notAServerError,
  refusedEitherWay,
  unknownPipelineNotFound,
  validRequestAccepted,
} from './status-checks';

/** What every documented answer must satisfy, whatever was asked. */
const CONTRACT_CHECKS: readonly Check[] = [
  statusIsDocumented,
  contentTypeIsJson,
  jsonLabelledAsJson,
  bodyIsJson,
  responseSchemaConformance,
];

/**
 * The checks each tier runs. A malformed id may be stopped by an edge proxy before the API sees
 * it, so there the status is the verdict and the body is judged only when it is a documented
 * JSON answer.
 */
const CHECKS_BY_TIER: Readonly<Record<Tier, readonly Check[]>> = {
  accept: [validRequestAccepted, ...CONTRACT_CHECKS],
  reject: [invalidRequestRejected, ...CONTRACT_CHECKS, validationErrorNamesParameter],
  boundary: [notAServerError, ...CONTRACT_CHECKS],
  auth: [authEnforced, noMetricsLeaked, ...CONTRACT_CHECKS],
  'not-found': [unknownPipelineNotFound, ...CONTRACT_CHECKS],
  'hostile-id': [malformedIdRejected, noMetricsLeaked, responseSchemaConformance],
  refused: [refusedEitherWay, noMetricsLeaked, ...CONTRACT_CHECKS, validationErrorNamesParameter],
};

/** What a run judges each answer with: its tier's checks, the checks of every answer, and the warnings. */
export interface CheckSet {
  byTier: Readonly<Record<Tier, readonly Check[]>>;
  /** Judged on every answer, whatever its tier: what the run's settings ask (the response-time budget), HTTP's caching rule for credentials, and its content codings. */
  everyAnswer: readonly Check[];
  /** Judged on a case's follow-ups, which have the earlier answers to compare with (HEAD, validators, ETags). */
  followUps: readonly Check[];
  warnings: readonly WarningRule[];
}

/** The checks of every run; a self-test hands the run another set through its context, never by patching this one. */
export const DEFAULT_CHECKS: CheckSet = {
  byTier: CHECKS_BY_TIER,
  everyAnswer: [responseTimeWithinBudgetCheck, authenticatedResponseNotSharedCacheable, contentCodingAsNegotiated],
  followUps: EXCHANGE_CHECKS,
  warnings: [permissionConfirmed, degradedAnswer, codingUnrequested],
};
