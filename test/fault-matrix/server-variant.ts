import type { Verdict } from '../../src/model';
import type { ReferenceServerOptions } from '../../src/reference-server/reference-server';
import type { RunSettings } from '../../src/runner';

/** The names of the engine's checks (src/checks), as findings carry them. */
export type CheckName =
  | 'valid_request_accepted'
  | 'invalid_request_rejected'
  | 'not_a_server_error'
  | 'auth_enforced'
  | 'no_metrics_leaked'
  | 'unknown_pipeline_not_found'
  | 'malformed_id_rejected'
  | 'status_is_documented'
  | 'content_type_is_json'
  | 'body_is_json'
  | 'response_schema_conformance';

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
