import { type RunStop, describeStop } from './engine/conformance-run';
import { isCaseVerdict, type Verdict } from './model';

/** The process exit codes; README's table documents them with this precedence. */
export const EXIT = {
  passed: 0,
  contractFailure: 1,
  couldNotCheck: 2,
  suiteError: 3,
  inconclusive: 4,
  /** 128 + the signal's number, as shells report a process a signal ended. */
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/** What a run as a whole came to; every report, the history, the metrics and the console headline say it in these words. */
export const RUN_OUTCOMES = ['passed', 'failed', 'could-not-check', 'suite-error', 'inconclusive', 'interrupted'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export interface ExitStatus {
  code: number;
  outcome: RunOutcome;
  /** One sentence for the headline and the reports. */
  meaning: string;
}

/** A run that stopped before any case: a setting, an unreachable target, a refused token, not this API. */
export function couldNotCheck(reason: string): ExitStatus {
  return { code: EXIT.couldNotCheck, outcome: 'could-not-check', meaning: `Could not check: ${reason}` };
}

/**
 * The run's exit status, from its verdicts alone (plus why it stopped early and what the suite
 * found wrong with itself); the live contract's verdict counts like a case's. Precedence:
 * interrupted, then a contract failure (a finding is a fact whatever happened later), then could
 * not check, then a suite bug, then inconclusive, then passed.
 */
export function exitStatus(verdicts: readonly Verdict[], stop: RunStop | undefined, suiteProblems: readonly string[]): ExitStatus {
  const cases = verdicts.filter(isCaseVerdict);
  const contract = verdicts.find((v) => !isCaseVerdict(v));
  const failed = cases.filter((v) => v.outcome === 'failed').length;
  const driftFailed = contract?.outcome === 'failed';
  const suiteBugs = verdicts.filter((v) => v.error?.kind === 'suite-bug').length + suiteProblems.length;
  const unavailable = cases.filter((v) => v.error?.kind === 'target-unavailable').length;
  if (stop?.kind === 'interrupted') {
    return {
      code: EXIT[stop.signal],
      outcome: 'interrupted',
      meaning: `Interrupted: ${describeStop(stop)}; the reports cover what ran before.`,
    };
  }
  if (failed > 0 || driftFailed) {
    const cut = stop ? ` The run was also cut short: ${describeStop(stop)}.` : '';
    const what = [
      ...(failed > 0 ? [`${failed} case(s) broke the contract`] : []),
      ...(driftFailed ? ['the live contract has drifted in a breaking way (STREAMKAP_DRIFT=fail)'] : []),
    ].join('; ');
    return { code: EXIT.contractFailure, outcome: 'failed', meaning: `Contract failure: ${what}.${cut}` };
  }
  if (stop) return couldNotCheck(`${describeStop(stop)}; the cases not sent are marked not run.`);
  if (suiteBugs > 0) {
    return {
      code: EXIT.suiteError,
      outcome: 'suite-error',
      meaning: `Suite error: ${suiteBugs} bug(s) in the suite itself, not findings about the server.`,
    };
  }
  // STREAMKAP_DRIFT=fail asked for a verdict on the live contract: one that could not be had is not a pass.
  if (contract?.error?.kind === 'live-contract-unavailable') {
    return { code: EXIT.inconclusive, outcome: 'inconclusive', meaning: `Inconclusive: ${contract.error.message}.` };
  }
  if (unavailable > 0) {
    return {
      code: EXIT.inconclusive,
      outcome: 'inconclusive',
      meaning: `Inconclusive: nothing failed, but ${unavailable} case(s) could not be judged because the target was unavailable.`,
    };
  }
  return { code: EXIT.passed, outcome: 'passed', meaning: 'Passed: every case that ran honoured the contract.' };
}
