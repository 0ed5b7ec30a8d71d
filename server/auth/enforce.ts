import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Stores } from "../app-context.js";
import { notFound } from "../errors.js";
import type { RequestAuth } from "./account.js";
import { permissionFor, SCOPED_PERMISSIONS, SELF } from "./permissions.js";
import { csrfRefused, missingPermission, notSignedIn, outOfScope } from "./problems.js";
import { secretHash } from "./secrets.js";

export const SESSION_COOKIE = "bjhtz_session";
/** Readable by the page (not HttpOnly): the client copies it into the x-csrf-token header (double submit). */
export const CSRF_COOKIE = "bjhtz_csrf";
export const CSRF_HEADER = "x-csrf-token";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** One row of the route table the guard checks (the matrix test walks it). */
export interface GuardedRoute {
  method: string;
  url: string;
  config: FastifyRequest["routeOptions"]["config"];
}

/**
 * The one place access is decided (issue #11): who the request is (a Bearer API token or the session cookie),
 * then in onRequest 401 without an account, 403 for a cookie write without the CSRF token, 403 naming a missing
 * permission (a write route that declares none is refused: default deny); in preHandler, once the body is
 * validated, 403 naming the park for a scoped permission used outside the account's parks.
 */
export function guardRoutes(app: FastifyInstance, stores: Stores): GuardedRoute[] {
  const table: GuardedRoute[] = [];
  app.decorateRequest("account", null);
  app.decorateRequest("auth", null);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    for (const method of [route.method].flat()) {
      table.push({ method, url: route.url, config: (route.config ?? {}) as GuardedRoute["config"] });
    }
  });

  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return; // the web app's own files
    request.auth = await authenticate(request, stores);
    request.account = request.auth?.account ?? null;
    const config = request.routeOptions.config;
    if (config.public || isDocumentation(request.url)) return;
    const auth = request.auth;
    if (!auth) throw notSignedIn();
    const isRead = READ_METHODS.has(request.method);
    if (!isRead && auth.method === "session" && request.headers[CSRF_HEADER] !== auth.csrfToken) {
      throw csrfRefused();
    }
    const needed = permissionFor(config.permission, request);
    if (needed === undefined && typeof config.permission === "object") {
      const value = (request.params as Record<string, string>)[config.permission.param];
      const known = Object.keys(config.permission.values).join(", ");
      throw notFound(config.permission.param, `"${value}" (one of ${known})`);
    }
    if (needed === undefined) {
      if (isRead) return;
      throw missingPermission(`${request.method} ${request.routeOptions.url ?? request.url} (declares none)`);
    }
    if (needed !== SELF && !auth.permissions.has(needed)) throw missingPermission(needed);
  });

  app.addHook("preHandler", async (request) => {
    const needed = permissionFor(request.routeOptions.config.permission, request);
    if (!request.auth || !needed || !SCOPED_PERMISSIONS.has(needed)) return;
    const parkIds = await parksTouched(request, stores);
    await requireParks(request, stores, parkIds);
  });
  return table;
}

function isDocumentation(url: string): boolean {
  return url === "/api/openapi.json" || url === "/api/docs" || url.startsWith("/api/docs/");
}

async function authenticate(request: FastifyRequest, stores: Stores): Promise<RequestAuth | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const loaded = token ? await stores.accounts.tokenAccount(secretHash(token)) : undefined;
    if (!loaded) throw notSignedIn();
    return { account: loaded.account, method: "token", permissions: new Set(loaded.permissions) };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionIdHash = secretHash(cookie);
  const session = await stores.accounts.sessionAccount(sessionIdHash);
  if (!session) return null;
  return {
    account: session.account,
    method: "session",
    permissions: new Set(session.permissions),
    csrfToken: session.csrfToken,
    sessionIdHash,
  };
}

/** The parks a scoped write touches, found where the route's `scope` says. */
async function parksTouched(request: FastifyRequest, stores: Stores): Promise<number[]> {
  const body = request.body as { properties?: { parkId?: unknown } } | undefined;
  const bodyPark = typeof body?.properties?.parkId === "number" ? [body.properties.parkId] : [];
  switch (request.routeOptions.config.scope) {
    case "body-park":
      return bodyPark;
    case "block-param": {
      const id = Number((request.params as { id?: string }).id);
      const block = await stores.blocks.get(id);
      // An unknown block: the route answers 404.
      return block ? [block.properties.parkId, ...bodyPark] : bodyPark;
    }
    case "in-route":
      return [];
    case undefined:
      // A scoped permission on a route that names no scope cannot be checked: refuse rather than allow.
      throw missingPermission(`${request.method} ${request.routeOptions.url} (declares no scope)`);
  }
}

/** 403 naming the first park outside the account's scope (routes with `scope: "in-route"` call this). */
export async function requireParks(
  request: FastifyRequest,
  stores: Stores,
  parkIds: number[],
): Promise<void> {
  const account = request.account;
  if (!account) throw notSignedIn();
  for (const parkId of new Set(parkIds)) {
    if (account.parkIds.includes(parkId)) continue;
    const park = await stores.parks.get(parkId);
    if (!park) continue; // an unknown park: the route answers 400 unknown-park
    throw outOfScope({ id: park.id, name: park.name }, account.parkIds);
  }
}

/** 403 unless every given block lies in the account's parks. */
export async function requireBlockParks(request: FastifyRequest, stores: Stores, blockIds: number[]) {
  await requireParks(request, stores, await stores.accounts.parksOfBlocks(blockIds));
}

/** 403 naming the permission when the account lacks one that depends on the row (e.g. permissionToChange). */
export function requirePermission(request: FastifyRequest, permission: string) {
  if (!request.auth?.permissions.has(permission)) throw missingPermission(permission);
}
