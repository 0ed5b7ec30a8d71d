import type { FastifyRequest } from "fastify";

/**
 * What a route needs (issue #11 "Who does what"). Which role holds which permission is data (table `roles`,
 * `GET/PUT /api/roles`); the defaults are seeded by migration 20261201_09_accounts.
 */
export const PERMISSIONS = [
  "blocks.edit",
  "blocks.submit",
  "imports.create",
  "indicators.edit",
  "analysis.run",
  "reviews.record",
  "settings.edit",
  "weights.edit",
  "evaluations.run",
  "proposals.edit",
  "proposals.apply",
  "approvals.record",
  "evaluations.approve",
  "users.admin",
  "roles.admin",
  "audit.read",
  "applications.edit",
  "applications.submit",
  "rounds.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Held by every signed-in account (its own session, password and tokens); never stored in a role. */
export const SELF = "account.self";

/** Permissions a district holds only inside its parks (`account_parks`): a write outside them is 403. */
export const SCOPED_PERMISSIONS: ReadonlySet<string> = new Set<Permission>([
  "blocks.edit",
  "blocks.submit",
  "imports.create",
  "indicators.edit",
  "applications.edit",
  "applications.submit",
]);

/** One permission, or one per value of a path parameter (`POST /blocks/:id/actions/:action`). */
export type RoutePermission =
  | Permission
  | typeof SELF
  | { param: string; values: Record<string, Permission> };

/** Where a scoped route finds the park(s) it writes in (checked after the body is validated). */
export type RouteScope = "block-param" | "body-park" | "in-route";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The permission a write needs; a write route without one is refused (default deny). */
    permission?: RoutePermission;
    /** Scope of a scoped permission; "in-route": the handler checks (e.g. an import commit's parks). */
    scope?: RouteScope;
    /** No account needed (health, login). */
    public?: boolean;
  }
}

/** The permission a request needs, with the route's declaration resolved against the request's params. */
export function permissionFor(
  declared: RoutePermission | undefined,
  request: Pick<FastifyRequest, "params">,
): string | undefined {
  if (declared === undefined || typeof declared === "string") return declared;
  const value = (request.params as Record<string, string> | undefined)?.[declared.param];
  return value === undefined ? undefined : declared.values[value];
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}
