import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.js";
import { ApiError } from "../errors.js";

/**
 * Issue #11's perimeter: security headers (a CSP for the app's own assets and MapLibre's blob: workers; basemap
 * tiles only from TILE_SOURCES, 天地图 by default), no CORS headers at all (closed: a page on another
 * origin cannot read any answer), only the configured Host names, and sign-in attempts rate-limited.
 */
export async function hardenApp(app: FastifyInstance, config: Config): Promise<void> {
  app.addHook("onRequest", async (request) => {
    if (!config.allowedHosts.includes(request.hostname.toLowerCase())) {
      throw new ApiError(
        421,
        "host-not-allowed",
        `This server answers for ${config.allowedHosts.join(", ")} only (ALLOWED_HOSTS), not "${request.hostname}".`,
      );
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // React and MapLibre set element styles from script; the built CSS is our own file.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:", ...config.tileSources],
        connectSrc: ["'self'", ...config.tileSources],
        workerSrc: ["'self'", "blob:"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Same-origin isolation headers would block nothing we load; keep helmet's defaults otherwise.
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, "too-many-attempts", `Too many sign-in attempts: try again in ${context.after}.`, {
        retryAfter: context.after,
      }),
  });
}

/** Route config of POST /api/auth/login: `max` attempts per client address a minute. */
export function loginRateLimit(config: Config) {
  return { max: config.loginAttemptsPerMinute, timeWindow: "1 minute" };
}
