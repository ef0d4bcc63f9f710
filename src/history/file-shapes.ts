/**
 * The shapes of the files a run reads back: the history (STREAMKAP_HISTORY_FILE) and a previous
 * summary.json (STREAMKAP_BASELINE_REPORT), as JSON Schemas checked by Ajv. Each names the first
 * place a file departs from its shape, for the setting error that stops the run.
 */
import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';
import { CONTRACT_TIER, OUTCOMES, type Outcome, TIERS, type VerdictTier } from '../model';
import { RUN_OUTCOMES } from '../exit-status';
import type { CaseRecord, RunRecord } from './run-record';

export const HISTORY_FORMAT = 'streamkap-metrics-conformance-history';
/** Bump when a field changes meaning; an older suite then refuses the file instead of misreading it. */
export const HISTORY_VERSION = 1;

export interface History {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  /** Oldest first. */
  runs: RunRecord[];
}

const count = { type: 'number', minimum: 0 } as const;

const caseRecord: JSONSchemaType<CaseRecord> = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    tier: { type: 'string', enum: [...TIERS, CONTRACT_TIER] as VerdictTier[] },
    pipelineId: { type: 'string', nullable: true },
    outcome: { type: 'string', enum: [...OUTCOMES] as Outcome[] },
    durationMs: count,
  },
  required: ['id', 'tier', 'outcome', 'durationMs'],
};

const runRecord: JSONSchemaType<RunRecord> = {
  type: 'object',
  properties: {
    startedAt: { type: 'string', format: 'date-time' },
    durationMs: count,
    baseUrl: { type: 'string' },
    exitCode: { type: 'integer' },
    outcome: { type: 'string', enum: [...RUN_OUTCOMES, 'errored'] },
    cases: { type: 'array', items: caseRecord },
    rerun: { type: 'boolean', nullable: true },
    reports: { type: 'string', nullable: true },
  },
  required: ['startedAt', 'durationMs', 'baseUrl', 'exitCode', 'outcome', 'cases'],
};

/** The history's envelope is checked first, so that another kind of file or version is named as such. */
const historyEnvelope = {
  type: 'object',
  properties: { format: { const: HISTORY_FORMAT }, version: {} },
  required: ['format', 'version'],
} as const;

const historyRuns = {
  type: 'object',
  properties: { runs: { type: 'array', items: runRecord } },
  required: ['runs'],
} as const;

/** What a baseline needs of a summary.json: this suite's, with a list of cases that each have an id and a verdict. */
export interface SummaryShape {
  tool: 'streamkap-metrics-conformance';
  startedAt?: string;
  target?: { baseUrl?: string };
  cases: Array<{ id: string; pipelineId?: string; verdict: Outcome }>;
}

const summaryShape = {
  type: 'object',
  properties: {
    tool: { const: 'streamkap-metrics-conformance' },
    startedAt: { type: 'string' },
    target: { type: 'object', properties: { baseUrl: { type: 'string' } } },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, pipelineId: { type: 'string' }, verdict: { enum: [...OUTCOMES] } },
        required: ['id', 'verdict'],
      },
    },
  },
  required: ['tool', 'cases'],
} as const;

// date-time as RFC 3339 spells it: Ajv's own format, without the whole ajv-formats package.
const ajv = new Ajv({ allErrors: false, formats: { 'date-time': (text: string) => !Number.isNaN(Date.parse(text)) } });
const isHistoryEnvelope = ajv.compile(historyEnvelope);
const hasHistoryRuns = ajv.compile(historyRuns);
const isSummary = ajv.compile<SummaryShape>(summaryShape);

const where = (error: ErrorObject | undefined): string =>
  error === undefined ? '' : ` (${error.instancePath === '' ? 'the file' : error.instancePath} ${error.message ?? 'is malformed'})`;

/** What is wrong with a parsed history file, or undefined when it is a history this suite can read. */
export function historyProblem(parsed: unknown): string | undefined {
  if (!isHistoryEnvelope(parsed)) return `which is not a history of this suite (no "format": "${HISTORY_FORMAT}")`;
  const { version } = parsed as { version: unknown };
  if (version !== HISTORY_VERSION) {
    return `which is a history in format version ${JSON.stringify(version)}, and this suite reads version ${HISTORY_VERSION} only`;
  }
  if (hasHistoryRuns(parsed)) return undefined;
  const error = hasHistoryRuns.errors?.[0];
  const run = /^\/runs\/(\d+)/.exec(error?.instancePath ?? '');
  if (run === null) return `which has no list of runs${where(error)}`;
  return `whose run ${Number(run[1]) + 1} is incomplete or has a field of the wrong type${where(error)}`;
}

/** Whether parsed JSON is a summary.json of this suite, as far as a baseline needs. */
export const isSummaryShape = (parsed: unknown): parsed is SummaryShape => isSummary(parsed);
