import type { FastifyRequest } from "fastify";
import { badRequest, notFound } from "../errors.js";

/** A positive integer id from the path; anything else is an unknown id (404). */
export function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound("Id", raw);
  return id;
}

/** Who made a write: the `X-Actor` header (a plain string until accounts arrive), else "anonymous". */
export function actorOf(request: FastifyRequest): string {
  const header = request.headers["x-actor"];
  const actor = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!actor) return "anonymous";
  if (actor.length > 100) throw badRequest("bad-actor", "The X-Actor header is longer than 100 characters.");
  return actor;
}

/** A boolean query flag: "true" / "1" → true. */
export function flag(value: unknown): boolean {
  return value === "true" || value === "1" || value === true;
}
