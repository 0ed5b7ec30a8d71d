import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * Writes `test-results/tests-<database>.json`: per project the number of tests passed, failed, skipped,
 * todo and retried, and every test that was not a clean pass. Vitest's JSON reporter carries no retry
 * information, so scripts/check-no-skipped.mjs reads this file instead: a test that passed only on a retry
 * is as much a CI failure as a skipped one.
 */
export interface ProjectCounts {
  files: number;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  retried: number;
}

export interface NotCleanTest {
  project: string;
  file: string;
  name: string;
  state: string;
  retryCount: number;
}

export interface TestSummary {
  database: "pglite" | "postgresql";
  finishedAt: string;
  reason: string;
  unhandledErrors: number;
  failedFiles: string[];
  projects: Record<string, ProjectCounts>;
  notClean: NotCleanTest[];
}

const ROOT = path.resolve(import.meta.dirname, "../..");

function emptyCounts(): ProjectCounts {
  return { files: 0, tests: 0, passed: 0, failed: 0, skipped: 0, todo: 0, retried: 0 };
}

function countTest(counts: ProjectCounts, test: TestCase): NotCleanTest | undefined {
  const state = test.result().state;
  const retryCount = test.diagnostic()?.retryCount ?? 0;
  counts.tests += 1;
  if (state === "passed") counts.passed += 1;
  else if (state === "failed") counts.failed += 1;
  else if (test.options.mode === "todo") counts.todo += 1;
  else counts.skipped += 1;
  if (retryCount > 0) counts.retried += 1;
  if (state === "passed" && retryCount === 0) return undefined;
  const file = path.relative(ROOT, test.module.moduleId);
  return { project: test.project.name, file, name: test.fullName, state, retryCount };
}

export default class TestSummaryReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: string,
  ): void {
    const database = process.env.DATABASE_URL ? "postgresql" : "pglite";
    const summary: TestSummary = {
      database,
      finishedAt: new Date().toISOString(),
      reason,
      unhandledErrors: unhandledErrors.length,
      failedFiles: [],
      projects: {},
      notClean: [],
    };
    for (const module of modules) {
      const name = module.project.name || "default";
      summary.projects[name] ??= emptyCounts();
      const counts = summary.projects[name];
      counts.files += 1;
      if (module.state() === "failed") summary.failedFiles.push(path.relative(ROOT, module.moduleId));
      for (const test of module.children.allTests()) {
        const notClean = countTest(counts, test);
        if (notClean) summary.notClean.push(notClean);
      }
    }
    const file = path.join(ROOT, "test-results", `tests-${database}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  }
}
