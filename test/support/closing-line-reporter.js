// Ends `npm test` with one plain line ("tests: N passed, N failed, N skipped") that CI logs and
// people can grep, whichever reporter printed above it.
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numRuntimeErrorTestSuites } = results;
    const broken = numRuntimeErrorTestSuites > 0 ? ` (${numRuntimeErrorTestSuites} test file(s) failed to run)` : '';
    process.stdout.write(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped${broken}\n`);
  }
}

module.exports = ClosingLineReporter;
