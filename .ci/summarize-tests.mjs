// Prints the closing `N passed, N failed` line from vitest's JSON report and exits with the test status.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, statusText] = process.argv.slice(2);
const status = Number(statusText ?? 1);
if (!reportPath || !existsSync(reportPath)) {
    console.log('no test report was written (the build or the test runner failed before running tests)');
    console.log('0 passed, 1 failed');
    process.exit(status === 0 ? 1 : status);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const passed = report.numPassedTests ?? 0;
// Suites that failed to load count as failures too.
const failedSuites = (report.testResults ?? []).filter((suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0).length;
const failed = (report.numFailedTests ?? 0) + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
        if (test.status === 'failed') {
            console.log(`FAILED ${suite.name.replace(process.cwd() + '/', '')} > ${test.fullName}`);
        }
    }
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) {
        console.log(`FAILED to load ${suite.name.replace(process.cwd() + '/', '')}: ${(suite.message ?? '').split('\n')[0]}`);
    }
}
const exitCode = failed > 0 || passed === 0 ? 1 : status;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
