import { existsSync } from "node:fs";
import path from "node:path";
import { constants as zlibConstants } from "node:zlib";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import type { ErrorObject } from "ajv";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { type AppContext, createStores } from "./app-context.js";
import { type GuardedRoute, guardRoutes } from "./auth/enforce.js";
import { hardenApp } from "./auth/hardening.js";
import type { Config } from "./config.js";
import type { Database } from "./db/connect.js";
import { ApiError } from "./errors.js";
import { jobRunner } from "./jobs/job-runner.js";
import { cancelOnHangUp } from "./plugins/cancel-on-hang-up.js";
import { databaseUnavailable, UNAVAILABLE_RETRY_SECONDS } from "./plugins/database-unavailable.js";
import { type RequestQueueState, requestQueue } from "./plugins/request-queue.js";
import { serveClient } from "./plugins/static-headers.js";
import { analysisRoutes } from "./routes/analysis.js";
import { applicationActionRoutes } from "./routes/application-actions.js";
import { applicationMaterialRoutes } from "./routes/application-materials.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes } from "./routes/auth.js";
import { authAdminRoutes } from "./routes/auth-admin.js";
import { oidcRoutes } from "./routes/auth-oidc.js";
import { blockRoutes } from "./routes/blocks.js";
import { compositionRoutes } from "./routes/composition.js";
import { docsRoutes } from "./routes/docs.js";
import { evaluationRoutes } from "./routes/evaluations.js";
import { eventRoutes } from "./routes/events.js";
import { exitRoutes } from "./routes/exit.js";
import { exportRoutes } from "./routes/exports.js";
import { healthRoutes } from "./routes/health.js";
import { importRoutes } from "./routes/imports.js";
import { databaseRefusal, guardInput } from "./routes/input-guard.js";
import { jobRoutes } from "./routes/jobs.js";
import { layerRoutes } from "./routes/layers.js";
import { parkRoutes } from "./routes/parks.js";
import { roundRoutes } from "./routes/rounds.js";
import { settingsRoutes } from "./routes/settings.js";
import { tileRoutes } from "./routes/tiles.js";
import { OPENAPI_INFO } from "./schemas/openapi.js";
import { requestProblem, validatorCompiler } from "./schemas/validation.js";

export const CLIENT_DIST_DIR = path.resolve(import.meta.dirname, "../dist/client");

declare module "fastify" {
  interface FastifyInstance {
    /** Every /api route with its access declaration (permission, scope), as the guard sees them. */
    guardedRoutes: GuardedRoute[];
    /** The embedded database's request queue (plugins/request-queue.ts); empty on PostgreSQL. */
    requestQueue: RequestQueueState;
  }
}

export interface BuildOptions {
  config: Config;
  db: Database;
  /** Fastify logger on/off (tests turn it off). */
  logger?: boolean;
}

/** Builds the app without listening: tests use it with `inject`, main.ts listens. */
export async function buildApp({ config, db, logger = true }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    bodyLimit: config.bodyLimitBytes,
  });
  const stores = createStores(db);
  const jobs = jobRunner({
    queue: stores.jobQueue,
    log: (message, error) => app.log.error({ err: error }, message),
    concurrency: config.jobs.concurrency,
    keepHours: config.jobs.resultHours,
    // One process owns the embedded database: whatever runs elsewhere at start was left by a stopped process.
    staleSeconds: config.jobs.staleSeconds ?? (db.kind === "pglite" ? 0 : 30),
  });
  // Jobs' work reads and writes over their own pool on PostgreSQL (the long statement timeout; issue #14).
  const jobStores = db.jobKnex === db.knex ? stores : createStores({ ...db, knex: db.jobKnex });
  const context: AppContext = { config, db, stores, jobStores, jobs };

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  guardInput(app);
  // The embedded database has one connection: requests beyond a few wait in a bounded queue, then 503 busy.
  app.decorate(
    "requestQueue",
    requestQueue(app, db.kind === "pglite" ? config.requestQueue : { ...config.requestQueue, concurrent: 0 }),
  );
  // A client that hangs up before its answer has its request's statements cancelled (PostgreSQL).
  cancelOnHangUp(app, db);
  // Responses over 1 KB compressed for clients that accept it (JSON, GeoJSON, the client's files; issue #16):
  // brotli at quality 4 (near gzip's speed on 2 cores, smaller), else gzip. Registered before every route.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ["br", "gzip"],
    // @fastify/compress's own list, plus vector tiles (mime-db does not call them compressible): an overview
    // tile of 20,000 blocks is ~800 KB of MVT and about half that in brotli (issue #16).
    customTypes:
      /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)text(?:;|$)|(?:\+|\/)xml(?:;|$)|octet-stream(?:;|$)|^application\/vnd\.mapbox-vector-tile(?:;|$)/u,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await hardenApp(app, config);
  await app.register(fastifyCookie);
  // Accounts (issue #11): who is asking, and may they; before the routes, whose table it records.
  app.decorate("guardedRoutes", guardRoutes(app, context.stores));
  // Before the routes: @fastify/swagger collects every route's schema through an onRoute hook.
  await app.register(swagger, { openapi: OPENAPI_INFO });
  await app.register(
    async (api) => {
      await api.register(healthRoutes, context);
      await api.register(authRoutes, context);
      await api.register(oidcRoutes, context);
      await api.register(authAdminRoutes, context);
      await api.register(parkRoutes, context);
      await api.register(layerRoutes, context);
      await api.register(blockRoutes, context);
      await api.register(settingsRoutes, context);
      await api.register(analysisRoutes, context);
      await api.register(compositionRoutes, context);
      await api.register(tileRoutes, context);
      await api.register(evaluationRoutes, context);
      await api.register(exitRoutes, context);
      await api.register(importRoutes, context);
      await api.register(exportRoutes, context);
      await api.register(jobRoutes, context);
      await api.register(auditRoutes, context);
      await api.register(eventRoutes, context);
      await api.register(roundRoutes, context);
      await api.register(applicationActionRoutes, context);
      await api.register(applicationMaterialRoutes, context);
      await api.register(docsRoutes);
    },
    { prefix: "/api" },
  );

  // At the root: @fastify/static's wildcard route sends unknown paths (API ones too) to this handler.
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ error: { code: "not-found", message: `Nothing at ${request.method} ${request.url}` } });
  });
  if (existsSync(CLIENT_DIST_DIR)) {
    await serveClient(app, CLIENT_DIST_DIR);
  } else {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/plain").send("The web app is not built: run `npm run build` (npm start does it)."),
    );
  }
  return app;
}

/** One error handler: 4xx pass through with their message, 5xx are logged and hidden. */
function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation && error.validation.length > 0) {
    // A request that does not match its route's schema: the first problem, with its field path.
    const problem = requestProblem(error.validationContext ?? "request", error.validation[0] as ErrorObject);
    return reply.code(400).send({
      error: {
        code: "invalid-request",
        message: problem.message,
        // `field`: the last step of the path, as the routes' own checks name it (`parkId`, `status`).
        details: { path: problem.path, keyword: problem.keyword, field: problem.path.split("/").pop() },
      },
    });
  }
  if (error instanceof ApiError) {
    return reply.code(error.statusCode).send({
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "body-too-large" : (error.code ?? "bad-request");
    return reply.code(status).send({ error: { code, message: error.message } });
  }
  const unavailable = databaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: error }, "database unavailable");
    reply.header("retry-after", String(UNAVAILABLE_RETRY_SECONDS));
    return errorHandler(unavailable as unknown as FastifyError, request, reply);
  }
  const refusal = databaseRefusal(error);
  if (refusal) return errorHandler(refusal as unknown as FastifyError, request, reply);
  request.log.error(error);
  return reply.code(500).send({ error: { code: "internal", message: "Internal server error." } });
}
