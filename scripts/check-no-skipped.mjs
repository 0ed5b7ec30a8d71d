// Reads the summary written by tests/helpers/test-summary-reporter.ts (test-results/tests-<database>.json) and
// fails on a failed, skipped, todo or retried test, a file that failed to run, or a project with no test.
// Skipped and todo tests fail only when CI=true; failures and retries fail always (a retry hides a flaky test).
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) throw new Error("usage: node scripts/check-no-skipped.mjs test-results/tests-pglite.json");
const summary = JSON.parse(readFileSync(file, "utf8"));
const problems = [];
let total = 0;
for (const [project, counts] of Object.entries(summary.projects)) {
  total += counts.tests;
  console.log(
    `${file} [${project}]: ${counts.files} files, ${counts.tests} tests: ${counts.passed} passed, ` +
      `${counts.failed} failed, ${counts.skipped} skipped, ${counts.todo} todo, ${counts.retried} retried`,
  );
  if (counts.tests === 0) problems.push(`project ${project} ran no test`);
  if (counts.failed > 0) problems.push(`${counts.failed} failed in ${project}`);
  if (counts.retried > 0) problems.push(`${counts.retried} retried in ${project} (no retries allowed)`);
  if (process.env.CI === "true" && counts.skipped + counts.todo > 0) {
    problems.push(`${counts.skipped} skipped and ${counts.todo} todo in ${project}; CI allows none`);
  }
}
if (total === 0) problems.push("no test ran");
if (summary.failedFiles.length > 0) problems.push(`files that failed: ${summary.failedFiles.join(", ")}`);
if (summary.unhandledErrors > 0) problems.push(`${summary.unhandledErrors} unhandled errors`);
if (summary.reason !== "passed") problems.push(`the run ended as "${summary.reason}"`);
for (const test of summary.notClean) {
  console.log(
    `  ${test.state}${test.retryCount ? ` after ${test.retryCount} retries` : ""}: ${test.file} › ${test.name}`,
  );
}
if (problems.length > 0) {
  console.error(`${file}: ${problems.join("; ")}`);
  process.exit(1);
}
