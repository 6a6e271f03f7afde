/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ts-jest transpiles each file alone (tsconfig has isolatedModules); `npm test` runs
  // `tsc --noEmit` first, so types are still checked once for the whole tree.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // The default environments are synthesized once per run and shared (test/shared-synth.ts);
  // every test file's temporary files live in the run's directory, removed at the end.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  maxWorkers: 2,
  // Test files run in a vm context, where every lookup of a global is slow (jestjs/jest#5163,
  // nodejs/node#31658): a hot loop calling Math.floor ran 30 times slower than under node.
  // Math is given to every module's wrapper as a local instead (the environment's own Math). Not
  // more: a module declaring a name given this way (readable-stream declares Number) fails to load.
  sandboxInjectedGlobals: ['Math'],
};
