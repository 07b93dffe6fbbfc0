// The order of the engine test files: by path, so every run is the same, and
// the files that wipe the engine's shared state last. cold-runner-cache
// runs `docker builder prune -af` (the cold CI runner it proves), which
// empties the build cache of every file before it and of everyone else on
// the engine: nothing may run after it.
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const LAST = ['cold-runner-cache.test.ts'];

class EngineSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => LAST.indexOf(path.basename(test.path));
    return [...tests].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = EngineSequencer;
