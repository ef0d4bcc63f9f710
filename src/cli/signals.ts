import { EXIT } from '../exit-status';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** SIGINT and SIGTERM stop the run, not the process: what ran is still reported. A second signal ends it at once. */
export function onSignals(handle: (signal: StopSignal) => void): () => void {
  let received = false;
  const listener = (signal: StopSignal) => {
    if (received) process.exit(EXIT[signal]);
    received = true;
    handle(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
