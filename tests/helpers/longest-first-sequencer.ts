import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Runs the test files longest first across all projects, so the two workers finish together: vitest's own
 * order runs the projects one after another (api, then browser, then unit) and, with no timings cached (CI's
 * `npm ci` empties node_modules/.vite), larger files first — which left the 4-minute auth matrix (a short
 * file) and the browser files to the end of the run. A file's expected time is its duration in vitest's
 * cache from the last run when there is one, else the seconds below (measured on PostgreSQL, load ~16,
 * 2026-12-01), else an estimate by project: a browser file ~60 s, an api file ~8 s, a unit file ~0.5 s.
 */
const MEASURED_S: Record<string, number> = {
  "tests/api/auth-matrix.test.ts": 228,
  "tests/hostile/fuzz-json.test.ts": 64,
  "tests/formats/catalogue-contents.test.ts": 63,
  "tests/jobs/jobs-api.test.ts": 59,
  "tests/api/audit-routes.test.ts": 44,
  "tests/formats/exports.test.ts": 26,
  "tests/formats/gdal-export.test.ts": 22,
  "tests/formats/gdal-import.test.ts": 21,
  "tests/exit/reduction-properties.test.ts": 21,
};
const PROJECT_S: Record<string, number> = { browser: 60, api: 8, unit: 0.5 };
const ROOT = path.resolve(import.meta.dirname, "../..");

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const expected = (spec: TestSpecification): number => {
      const file = path.relative(ROOT, spec.moduleId).split(path.sep).join("/");
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
      if (cached?.duration) return cached.duration / 1000;
      return MEASURED_S[file] ?? PROJECT_S[spec.project.name] ?? 8;
    };
    return [...files].sort((a, b) => expected(b) - expected(a));
  }
}
