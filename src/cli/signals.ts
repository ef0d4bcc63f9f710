import type { StopSignal } from '../engine/conformance-run';
import { EXIT } from '../exit-status';
import { watchAncestors } from './parent-watch';

/**
 * A signal sent to the process group reaches the run twice: straight, and forwarded by npm (Ctrl-C
 * in a terminal, `timeout`). The same signal within a second of the first is that echo, not a second request.
 */
const ECHO_MS = 1000;

const STOP_SIGNALS: readonly StopSignal[] = ['SIGHUP', 'SIGINT', 'SIGTERM'];

/**
 * SIGINT, SIGTERM and SIGHUP (a closed terminal) stop the run, not the process: what ran is still
 * reported. So does the end of any process that started the run (npm, its shell, a CI step): it
 * stops as SIGTERM would, with the reason, since nobody is left to send one. A second signal ends it at once.
 */
export function onStopRequests(handle: (signal: StopSignal, reason?: string) => void): () => void {
  let first: { signal: StopSignal; at: number } | undefined;
  const request = (signal: StopSignal, reason?: string) => {
    const at = Date.now();
    // The end of a parent after a signal is the signal's doing (a shell it killed): the run is already stopping.
    if (first && (reason !== undefined || (first.signal === signal && at - first.at < ECHO_MS))) return;
    if (first) process.exit(EXIT[signal]);
    first = { signal, at };
    handle(signal, reason);
  };
  const listener = (signal: StopSignal) => request(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  const stopWatching = watchAncestors((gone) => request('SIGTERM', `the process that started it, ${gone.name} (pid ${gone.pid}), ended`));
  return () => {
    stopWatching();
    for (const signal of STOP_SIGNALS) process.off(signal, listener);
  };
}
