import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { healthSchema } from "../schemas/health.js";

/** How long /api/health waits for the database before saying it is unavailable. */
const DATABASE_PROBE_MS = 3000;

/**
 * The service and its database (issue 15): 200 with the PostGIS version, or 503 with
 * `database: "unavailable"` when the database does not answer within 3 s (a load balancer takes the
 * instance out; it answers 200 again once the database is back — the pool reconnects).
 */
export const healthRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { db, stores }) => {
  app.get("/health", { schema: healthSchema, config: { public: true } }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const postgis = await Promise.race([
        stores.database.postgisVersion(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("no answer in time")), DATABASE_PROBE_MS);
        }),
      ]);
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
