// Three tiers by suffix (ENGINE.md): pure domain specs, integration against a real
// database, end-to-end through HTTP. `npm test` runs them all.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const transform = { '^.+\\.(ts|js)$': ['@swc/jest', { ...swc, swcrc: false }] };
// ESM-only dependencies (through @fastify/static) are compiled to CommonJS for jest.
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition)/)'];
// Tests time nothing (performance lives in benchmarks): the limit only catches a hang, and
// must not fail a test that a busy machine (CI beside other jobs) made slow.
const common = {
  transform,
  transformIgnorePatterns,
  testTimeout: 30_000,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  transform,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,projections}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{src,projections,test}/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
