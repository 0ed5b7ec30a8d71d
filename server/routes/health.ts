import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { healthSchema } from "../schemas/health.js";

/** How long /api/health waits for the database before saying it is unavailable. */
const DATABASE_PROBE_MS = 3000;
/**
 * PGlite in its worker thread with a statement running for less than this: the database is working, not
 * gone, so health answers at once from the version it last read (its one connection would make the probe
 * wait for the statement). Longer than any interactive statement; a hung PGlite shows past it.
 */
const EMBEDDED_BUSY_MS = 60_000;

/**
 * The service and its database (issue 15): 200 with the PostGIS version, or 503 with
 * `database: "unavailable"` when the database does not answer within 3 s (a load balancer takes the
 * instance out; it answers 200 again once the database is back — the pool reconnects).
 */
export const healthRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { db, stores }) => {
  let lastVersion: string | undefined;
  app.get("/health", { schema: healthSchema, config: { public: true } }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const busyForMs = db.busyForMs?.();
    if (lastVersion && busyForMs !== undefined && busyForMs > 0 && busyForMs < EMBEDDED_BUSY_MS) {
      return { status: "ok" as const, database: db.kind, postgis: lastVersion };
    }
    try {
      const postgis = await Promise.race([
        stores.database.postgisVersion(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("no answer in time")), DATABASE_PROBE_MS);
        }),
      ]);
      lastVersion = postgis;
      return { status: "ok" as const, database: db.kind, postgis };
    } catch (error) {
      return reply.code(503).send({
        status: "unavailable" as const,
        database: "unavailable" as const,
        databaseKind: db.kind,
        message: `The database does not answer: ${(error as Error).message}`,
      });
    } finally {
      clearTimeout(timer);
    }
  });
};
