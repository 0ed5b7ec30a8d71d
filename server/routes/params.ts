import type { FastifyRequest } from "fastify";
import { badRequest, notFound } from "../errors.js";

/** A positive integer id from the path; anything else is an unknown id (404). */
export function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound("Id", raw);
  return id;
}

/** Who made a write: the signed-in account's name (issue #11; the X-Actor header is gone). */
export function actorOf(request: FastifyRequest): string {
  return request.account?.name ?? "anonymous";
}

/** A boolean query flag: "true" / "1" → true. */
export function flag(value: unknown): boolean {
  return value === "true" || value === "1" || value === true;
}

/**
 * 400 bad-filter when a selection's park filter names no park: checked before a job is queued (the overlap
 * report, the catalogue package, the block export), so a typo is not a job that finds nothing.
 */
export async function refuseUnknownParkFilter(
  parks: { get(id: number): Promise<unknown> },
  parkId: number | undefined,
): Promise<void> {
  if (parkId !== undefined && !(await parks.get(parkId))) {
    throw badRequest("bad-filter", `Park ${parkId} does not exist.`, { field: "parkId" });
  }
}
