// Every project's tests in one run, so `npm test` reports one total.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = [];
for (const top of ['apps', 'libs', 'tools']) {
  if (!existsSync(join(__dirname, top))) continue;
  for (const name of readdirSync(join(__dirname, top))) {
    if (existsSync(join(__dirname, top, name, 'jest.config.js'))) projects.push(`<rootDir>/${top}/${name}`);
  }
}

module.exports = {
  projects,
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  testTimeout: 60000,
};
