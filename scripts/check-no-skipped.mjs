// Fails CI when a vitest JSON report has skipped, todo or no tests (CI=true: a skipped suite is a failure).
import { readFileSync } from "node:fs";

const file = process.argv[2];
const report = JSON.parse(readFileSync(file, "utf8"));
const { numTotalTests, numPassedTests, numFailedTests, numPendingTests, numTodoTests } = report;
console.log(`${file}: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`);
if (numTotalTests === 0) throw new Error(`${file}: no test ran`);
if (process.env.CI === "true" && numPendingTests + numTodoTests > 0) {
  throw new Error(`${file}: ${numPendingTests} skipped and ${numTodoTests} todo tests; CI allows none`);
}
if (numFailedTests > 0 || !report.success) process.exit(1);
