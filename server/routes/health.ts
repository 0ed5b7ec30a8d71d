import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { healthSchema } from "../schemas/health.js";

export const healthRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { db, stores }) => {
  app.get("/health", { schema: healthSchema, config: { public: true } }, async () => ({
    status: "ok" as const,
    database: db.kind,
    postgis: await stores.database.postgisVersion(),
  }));
};
