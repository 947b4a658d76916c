// Writes reports/jest-summary.json (totals per run) so CI can print one "N passed, N failed" line.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '..', 'reports');
    mkdirSync(dir, { recursive: true });
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      failedSuites: results.testResults.filter((r) => r.numFailingTests > 0 || r.testExecError).map((r) => r.testFilePath),
    };
    writeFileSync(join(dir, 'jest-summary.json'), JSON.stringify(summary, null, 2));
  }
}
module.exports = SummaryReporter;
