/**
 * A problem with the run's settings or target that no case can work around: a bad setting, an
 * unreachable target, a refused token exchange. The CLI prints its message as one paragraph and
 * exits 2, instead of letting every case fail for the same reason.
 */
export class SetupError extends Error {
  constructor(
    message: string,
    /** The environment variable (or flag) to fix, when there is one. */
    readonly setting?: string,
  ) {
    super(message);
    this.name = 'SetupError';
  }
}
