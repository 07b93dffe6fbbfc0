// Jest configuration for the real-engine tests only: `npx projen test:engine`
// (jest --config test/engine/jest.config.js --runInBand). Builds take minutes,
// so the timeouts are long; files run one at a time against one engine.
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  rootDir: root,
  testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.dev.json') }],
  },
  testTimeout: 30 * 60 * 1000,
  globalSetup: '<rootDir>/test/engine/global-setup.ts',
  globalTeardown: '<rootDir>/test/engine/global-teardown.ts',
  // Files in path order, the ones that wipe shared engine state last (see sequencer.js).
  testSequencer: '<rootDir>/test/engine/sequencer.js',
  maxWorkers: 1,
  collectCoverage: false,
  reporters: ['default'],
};
