import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../app-context.js";
import { postgisVersion } from "../db/connect.js";

export const healthRoutes: FastifyPluginAsync<AppContext> = async (app, { db }) => {
  app.get("/health", async () => ({
    status: "ok",
    database: db.kind,
    postgis: await postgisVersion(db.knex),
  }));
};
