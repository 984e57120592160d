#!/usr/bin/env node
// Prints the closing line CI reads ("N passed, N failed, N skipped") from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
if (!existsSync(file)) {
  console.log(`no test report at ${file}: the test run did not finish`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
// A suite that failed to load (syntax error, failing beforeAll) has no test results of its own: count it.
const brokenSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed, ${skipped} skipped`);
