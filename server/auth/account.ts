/**
 * Who is making a request (issue #11). Every API request carries one: `request.account` is the signed-in
 * account (session cookie or API token), or null for an anonymous request.
 */
export const ROLES = ["district", "reviewer", "lead", "approver", "admin", "viewer"] as const;
/** 角色: district (区政府 / 分园管理机构), reviewer (市科委 / 中关村管委会 staff), lead, approver, admin, viewer. */
export type Role = (typeof ROLES)[number];

export interface Account {
  id: number;
  login: string;
  /** The name history and audit rows show. */
  name: string;
  roles: Role[];
  /** The parks a district account may draw, edit and import in (its scope). */
  parkIds: number[];
}

/** How the request proved who it is: a session cookie (writes need the CSRF token) or an API token. */
export type AuthMethod = "session" | "token";

export interface RequestAuth {
  account: Account;
  method: AuthMethod;
  /** What the account may do: the union of its roles' permissions (roles are data, `GET /api/roles`). */
  permissions: ReadonlySet<string>;
  /** The session's CSRF token (double submit: the `x-csrf-token` header must equal it). */
  csrfToken?: string;
  /** The session's id hash (logout ends it). */
  sessionIdHash?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    account: Account | null;
    auth: RequestAuth | null;
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
