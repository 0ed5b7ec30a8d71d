import { defineConfig } from "vitest/config";

// One suite for both databases: DATABASE_URL unset → embedded PGlite, set → that PostgreSQL + PostGIS.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
