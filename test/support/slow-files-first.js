// jest's order on a clean clone (CI): with no timings from an earlier run, jest starts the biggest
// files first, but a file's size says little of its cost here (a catalogue of faults lives in
// another file). The files below are the slow ones, costliest first: started early, they overlap
// the static checks and each other, and the many small files fill the cores at the end instead of
// one long file running alone. Once jest has timings of its own (a second run), its order stands.
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const SLOW_FIRST = [
  // Mostly waiting (requests that time out on purpose): best run while the checks use the cores.
  'test/bounded/verdict-in-bounded-time.test.ts',
  'test/request-dimensions.test.ts',
  'test/fault-matrix.test.ts',
  'test/generation-conformant.test.ts',
  'test/resilience/secrets.test.ts',
  'test/outcomes/six-situations.test.ts',
  'test/causes/root-cause-cli.test.ts',
  'test/generation-cli.test.ts',
  'test/generation-exchange.test.ts',
  'test/drivers-agree.test.ts',
  'test/outcomes/who-is-to-blame.test.ts',
  'test/real-framework.test.ts',
  'test/cli.test.ts',
  'test/generation-faults.test.ts',
  'test/workflow.test.ts',
  'test/console.test.ts',
  'test/lifecycle/run-chain.test.ts',
];

class SlowFilesFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    const rank = (test) => {
      const index = SLOW_FIRST.indexOf(relative(test.context.config.rootDir, test.path));
      return index < 0 ? SLOW_FIRST.length : index;
    };
    // Stable: the files not listed keep jest's own order behind the listed ones.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFilesFirst;
module.exports.SLOW_FIRST = SLOW_FIRST;
