import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import type { Database } from "../../server/db/connect.js";
import { openTestDatabase } from "./database-template.js";

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  close(): Promise<void>;
}

/** The real app over a fresh copy of the test database (one per test file: `beforeAll`). */
export async function startTestApp(): Promise<TestApp> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openTestDatabase(databaseUrl, inject("databaseTemplate"));
  const config = { ...readConfig({}), databaseUrl, bodyLimitBytes: 2 * 1024 * 1024 };
  const app = await buildApp({ config, db, logger: false });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
