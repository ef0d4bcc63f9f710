import type { DriftDifference } from './drift-difference';
import type { LiveSpec } from './live-spec';
import { NotAnOpenApiDocument } from '../openapi-document';
import { type DiffOptions, diffMetricsOperation, METRICS_OPERATION } from './operation-diff';

/**
 * What a run says about contract drift, for summary.json, summary.md and report.html.
 * `skipped`: the target publishes no document (a 404). `unusable`: something came back that
 * cannot be compared, or nothing did; both are reported with the reason and never fail a run.
 */
export type DriftStatus = 'no-drift' | 'drift' | 'skipped' | 'unusable';

export interface DriftReport {
  liveSpecUrl: string;
  /** The repository-relative vendored contract compared against. */
  vendoredSpec: string;
  operation: string;
  status: DriftStatus;
  /** Why drift was skipped or unusable. */
  reason?: string;
  /** Breaking ones first, each group in the differ's order. */
  differences: DriftDifference[];
  breaking: number;
  nonBreaking: number;
}

export interface DriftInput {
  liveSpecUrl: string;
  vendoredSpec: string;
  vendoredDocument: unknown;
  live: LiveSpec;
  options?: DiffOptions;
}

const OPERATION = `${METRICS_OPERATION.method.toUpperCase()} ${METRICS_OPERATION.path}`;

export function buildDriftReport(input: DriftInput): DriftReport {
  const base = { liveSpecUrl: input.liveSpecUrl, vendoredSpec: input.vendoredSpec, operation: OPERATION, breaking: 0, nonBreaking: 0 };
  if (input.live.kind === 'absent') return { ...base, status: 'skipped', reason: input.live.reason, differences: [] };
  if (input.live.kind === 'unusable') return { ...base, status: 'unusable', reason: input.live.reason, differences: [] };
  let found: DriftDifference[];
  try {
    found = diffMetricsOperation(input.vendoredDocument, input.live.document, input.options);
  } catch (error) {
    // A broken vendored document is the suite's own bug, and stays an error.
    if (error instanceof NotAnOpenApiDocument && error.which === 'live') {
      return { ...base, status: 'unusable', reason: `the body is not an OpenAPI document: ${error.reason}`, differences: [] };
    }
    throw error;
  }
  const differences = [...found.filter((d) => d.breaking), ...found.filter((d) => !d.breaking)];
  const breaking = differences.filter((d) => d.breaking).length;
  return {
    ...base,
    status: differences.length > 0 ? 'drift' : 'no-drift',
    differences,
    breaking,
    nonBreaking: differences.length - breaking,
  };
}

/** One line for a console headline or a summary's opening. */
export function driftHeadline(report: DriftReport): string {
  switch (report.status) {
    case 'no-drift':
      return `Contract drift: none; ${report.operation} at ${report.liveSpecUrl} matches ${report.vendoredSpec}.`;
    case 'drift':
      return `Contract drift: ${report.breaking} breaking, ${report.nonBreaking} non-breaking difference(s) between ${report.liveSpecUrl} and ${report.vendoredSpec}.`;
    case 'skipped':
      return `Contract drift: skipped, ${report.reason}.`;
    case 'unusable':
      return `Contract drift: not checked, the live document at ${report.liveSpecUrl} is unusable: ${report.reason}.`;
  }
}
