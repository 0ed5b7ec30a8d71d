import type { FastifyRequest } from "fastify";
import type { Stores } from "../app-context.js";
import { requireBlockParks } from "../auth/enforce.js";
import type { Application } from "../db/round-store.js";
import { ApiError, notFound } from "../errors.js";

/**
 * Who sees which application (issue #13: "a district sees its own applications, reviewers all"): an account that
 * holds a district's permission (applications.edit) and none of the review's (reviews.record, rounds.manage,
 * approvals.record) sees the applications whose blocks all lie in its parks; everyone else sees them all.
 */
const REVIEW_PERMISSIONS = ["reviews.record", "rounds.manage", "approvals.record"];

export function ownParksOnly(request: FastifyRequest): number[] | null {
  const permissions = request.auth?.permissions;
  if (!permissions || !request.account) return [];
  if (REVIEW_PERMISSIONS.some((permission) => permissions.has(permission))) return null;
  return permissions.has("applications.edit") ? request.account.parkIds : null;
}

/** The application, or 404; 403 out-of-scope for a district account reading another district's. */
export async function visibleApplication(
  request: FastifyRequest,
  stores: Stores,
  id: number,
): Promise<Application> {
  const application = await stores.rounds.applications.get(id);
  if (!application) throw notFound("Application", id);
  if (ownParksOnly(request) !== null) await requireBlockParks(request, stores, application.blockIds);
  return application;
}

/** A district's write: every block of the application in the account's parks (403 out-of-scope naming the park). */
export async function ownApplication(
  request: FastifyRequest,
  stores: Stores,
  id: number,
): Promise<Application> {
  const application = await stores.rounds.applications.get(id);
  if (!application) throw notFound("Application", id);
  await requireBlockParks(request, stores, application.blockIds);
  return application;
}

/** 409 naming what is wrong with the application's state or the round's. */
export const roundConflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiError(409, code, message, details);
