import type { FastifyRequest } from "fastify";
import { notFound } from "../errors.js";

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
