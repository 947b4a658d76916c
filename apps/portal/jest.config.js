// Portal tests: unit tests of the browser code (*.test.tsx) and the end-to-end browser tests
// (e2e/*.test.ts), which drive Chromium against a built gateway.
const preset = require('../../jest.preset.js');

const swcTsx = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } }];

module.exports = {
  ...preset,
  displayName: 'portal',
  rootDir: __dirname,
  transform: { ...preset.transform, '^.+\\.tsx$': swcTsx },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx'],
};
