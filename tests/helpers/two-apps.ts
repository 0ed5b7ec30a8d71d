import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../server/app.js";
import { type Config, readConfig } from "../../server/config.js";
import { type Database, openDatabase } from "../../server/db/connect.js";
import { withDatabase } from "./database-template.js";
import { type StartOptions, startTestApp, type TestApp } from "./test-app.js";

/**
 * Two app servers on one database (issue #14 item 5): `a` is the usual test app; `b` a second app built over
 * the same database — on PostgreSQL with its own connection pool (as a second process would have), on PGlite
 * (one process's database) over the same instance. Both run their job runners. `b.inject` sends the test
 * account's token unless a request brings its own credentials.
 */
export interface TwoApps {
  a: TestApp;
  b: { app: FastifyInstance; db: Database; inject(options: InjectOptions): Promise<LightMyRequestResponse> };
  close(): Promise<void>;
}

export async function startTwoApps(
  options: StartOptions & { configB?: Partial<Config> } = {},
): Promise<TwoApps> {
  const a = await startTestApp(options);
  let own: Database | undefined;
  if (a.db.kind === "postgresql") {
    const name = (await a.db.knex.raw("select current_database() as name")).rows[0].name as string;
    own = await openDatabase({
      databaseUrl: withDatabase(process.env.DATABASE_URL as string, name),
      dataDir: "",
    });
  }
  const db = own ?? a.db;
  const app = await buildApp({
    config: { ...readConfig({}), databaseUrl: process.env.DATABASE_URL || undefined, ...options.configB },
    db,
    logger: false,
  });
  await app.ready();
  const inject = (request: InjectOptions) => {
    const headers = request.headers ?? {};
    const own = "authorization" in headers || "cookie" in headers;
    return app.inject(own ? request : { ...request, headers: { ...headers, ...a.admin.headers } });
  };
  return {
    a,
    b: { app, db, inject },
    close: async () => {
      await app.close();
      await own?.close();
      await a.close();
    },
  };
}
