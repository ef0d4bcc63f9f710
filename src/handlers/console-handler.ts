import { caseReport, runEnding } from '../cli/console-report';
import { describeStop } from '../engine/conformance-run';
import { describeForecast } from '../engine/deadline-forecast';
import { driftHeadline } from '../drift/drift-report';
import type { RunEvent, RunHandler } from '../engine/events';
import type { Redactor } from '../redaction';
import type { Console } from './console';
import type { ProgressHandler } from './progress-handler';

/** The seed line: how to replay exactly this run's generated requests. */
export function seedLine(seed: number, generatedRequests: number): string {
  return `Generated tier: seed ${seed} (replay exactly these requests with --seed ${seed} or STREAMKAP_SEED=${seed}); random phase ${generatedRequests} requests.`;
}

/**
 * The person watching: why the run stopped, and once the reports are written the causes, the
 * failed cases when they are few, a line per tier and the headline; with `verbose`, also a line
 * per case as it finishes.
 */
export class ConsoleHandler implements RunHandler {
  private seed?: string;

  constructor(
    private readonly io: Console,
    private readonly redactor: Redactor,
    private readonly options: { progress?: ProgressHandler; verbose?: boolean } = {},
  ) {}

  handle(event: RunEvent): void {
    const say = (line: string) => {
      this.options.progress?.clearLive();
      this.io.out(this.redactor.redact(line));
    };
    switch (event.type) {
      case 'run-started':
        // The seed decides only the random phase's requests: without any, it is noise.
        if (event.seed !== undefined && event.generatedRequests > 0) this.seed = seedLine(event.seed, event.generatedRequests);
        return;
      case 'preflight-decided':
        if (event.decision.kind === 'judged-by-cases') {
          say(
            `Preflight: pipeline ${event.pipelineId} was answered ${event.decision.firstAnswer}, which the contract does not allow; the target answers like the Streamkap API all the same (${event.decision.evidence.join('; ')}), so the cases judge it.`,
          );
        }
        return;
      case 'drift-compared':
        // The seed after the drift line: both are known before the first case, the seed matters to the cases.
        say(driftHeadline(event.drift));
        if (this.options.verbose) say(caseReport(event.verdict));
        if (this.seed) say(this.seed);
        return;
      case 'case-finished':
        if (this.options.verbose) say(caseReport(event.verdict));
        return;
      case 'deadline-forecast':
        say(describeForecast(event.forecast));
        return;
      case 'run-stopping':
        if (event.stop.kind !== 'interrupted') {
          this.io.err(`streamkap-conformance: stopping: ${describeStop(event.stop)}; the cases not sent are marked not run.`);
        }
        return;
      case 'run-finished': {
        const { failure } = event.run;
        if (failure === undefined) return;
        this.io.err(
          failure.kind === 'setup'
            ? `streamkap-conformance: ${failure.message}`
            : `streamkap-conformance: internal error (a bug in the suite, not a finding): ${failure.message}`,
        );
        return;
      }
      case 'reports-written':
        if (event.unwritten) this.io.err(`streamkap-conformance: ${event.unwritten}.`);
        if (event.summary) {
          const kept = { run: event.kept, ...(event.leftAlone && { leftAlone: event.leftAlone }) };
          for (const line of runEnding(event.summary, event.dir, event.files, this.options.verbose ?? false, kept)) say(line);
        }
        return;
      default:
        return;
    }
  }
}
