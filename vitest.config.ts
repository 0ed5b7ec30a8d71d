import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./tests/helpers/longest-first-sequencer.js";

/**
 * Three projects, all run by `npm test` (`npx vitest run --project unit` runs one):
 * - unit: tests/unit/** — pure tests mirroring the source path (tests/unit/server/domain/x.test.ts for
 *   server/domain/x.ts); no database, no global set-up, seconds.
 * - browser: tests/browser/** — headless Chromium over the built client.
 * - api: every other test under tests/ — the real app over a copy of the template database.
 * DATABASE_URL unset → embedded PGlite, set → that PostgreSQL + PostGIS (api and browser).
 */
const DATABASE_SETUP = ["tests/helpers/global-setup.ts"];

export default defineConfig({
  test: {
    // The summary (test-results/tests-<database>.json) is what scripts/check-no-skipped.mjs checks in CI.
    // The hostile suites' table of cases, endpoints, 5xx, worst request and peak RSS (issue #15).
    reporters: ["default", "./tests/helpers/test-summary-reporter.ts", "./tests/hostile/summary-reporter.ts"],
    pool: "forks",
    // Longest files first across projects (tests/helpers/longest-first-sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    maxWorkers: 2,
    testTimeout: 60_000,
    // A UI state that takes a few requests to settle can outlast vitest's 1 s default on a loaded 2-core
    // machine; a poll still returns as soon as its assertion holds, so a longer limit costs no time.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        // Pure tests share no state, so one module graph per worker (isolate: false) is safe and saves
        // re-importing turf, proj4 and GeographicLib for every file.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 10_000, isolate: false },
      },
      {
        extends: true,
        test: {
          name: "api",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/unit/**", "tests/browser/**"],
          globalSetup: DATABASE_SETUP,
        },
      },
      {
        extends: true,
        test: { name: "browser", include: ["tests/browser/**/*.test.ts"], globalSetup: DATABASE_SETUP },
      },
    ],
  },
});
