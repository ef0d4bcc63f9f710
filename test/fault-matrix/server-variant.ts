import type { CheckName, Verdict } from '../../src/model';
import type { ReferenceServerOptions } from '../../src/reference-server/reference-server';
import type { RunSettings } from '../../src/engine/run-context';

export type { CheckName } from '../../src/model';

/** The reference server changed in exactly one respect: one behaviour hook or one option. */
export interface ServerVariant {
  name: string;
  /** One line: what this server does differently from the reference. */
  description: string;
  options: ReferenceServerOptions;
  /** Run settings the server calls for, such as more concurrency against a slow one. */
  settings?: Partial<RunSettings>;
}

/** A server that breaks the contract, and the proof the suite must give of it. */
export interface Fault extends ServerVariant {
  /** Case ids that must fail against this server. */
  caughtBy: readonly string[];
  /** The check whose finding each of those cases must carry. */
  check: CheckName;
  /** For a schema fault: the JSON path that one of the schema errors must name. */
  at?: string;
  /** The fault shows on the second of two pipelines alone: it runs with two, and only the second's copies may fail. */
  secondPipelineOnly?: true;
}

/** What one case's verdict must show for a conformant variant to count as exercised, not a no-op. */
export interface Evidence {
  caseId: string;
  /** What the verdict shows, in words, for the failure message. */
  shows: string;
  holds(verdict: Verdict): boolean;
}

/** A server that uses the contract's freedoms: the suite must pass it, and the evidence must hold. */
export interface ConformantServer extends ServerVariant {
  evidence: readonly Evidence[];
}
