import swaggerUi from "@fastify/swagger-ui";
import type { FastifyPluginAsync } from "fastify";

/**
 * The API's own description: `GET /api/openapi.json` (OpenAPI 3, built by @fastify/swagger from the route
 * schemas) and `GET /api/docs`, Swagger UI served from the package's own files — no CDN, no online
 * validator badge, so it works on a closed network and under a `script-src 'self'` policy.
 */
export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    uiConfig: { docExpansion: "list", deepLinking: true },
    validatorUrl: false,
    // The routes live under the /api prefix; the page's asset links must say so.
    indexPrefix: "/api",
    // The plugin's own policy, less the external hosts it allows by default (fonts, the validator badge).
    staticCSP:
      "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'self'; img-src 'self' data:; " +
      "object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'",
  });
};
