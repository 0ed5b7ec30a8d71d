import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { bodyProblem } from "../domain/input-text.js";
import { ApiError } from "../errors.js";

/**
 * Issue 15 "never 500": every JSON body is checked for NUL, lone surrogates, depth and key counts before
 * its route's schema (input-text.ts); and the database's own refusals that bad input can still reach are
 * 4xx, not 500 — a duplicate key is 409, a statement timeout 503, text PostgreSQL cannot hold 400.
 */
export function guardInput(app: FastifyInstance): void {
  app.addHook("preValidation", async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.body === undefined || request.body === null || typeof request.body !== "object") return;
    if (request.body instanceof Uint8Array) return;
    const problem = bodyProblem(request.body);
    if (problem) throw new ApiError(400, problem.code, problem.message, { path: problem.path });
  });
}

/** PostgreSQL SQLSTATEs bad input can still reach, as 4xx (PGlite's errors carry the same `code`). */
const DATABASE_REFUSALS: Record<string, { status: number; code: string; message: string }> = {
  "23505": { status: 409, code: "duplicate", message: "A record with this value already exists" },
  "22P05": {
    status: 400,
    code: "bad-text",
    message: "The text contains a character the database cannot hold",
  },
  "22021": { status: 400, code: "bad-text", message: "The text is not valid UTF-8" },
  "22003": { status: 400, code: "out-of-range", message: "A number is out of range" },
  "54000": { status: 413, code: "too-large", message: "The request exceeds a database limit" },
  "54001": { status: 413, code: "too-complex", message: "The request is too complex for the database" },
  "57014": { status: 503, code: "too-slow", message: "The request ran past the statement time limit" },
};

/** The 4xx/503 for a database error bad input caused, or undefined for a real server fault. */
export function databaseRefusal(error: unknown): ApiError | undefined {
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState !== "string" || !Object.hasOwn(DATABASE_REFUSALS, sqlState)) return undefined;
  const refusal = DATABASE_REFUSALS[sqlState];
  const constraint = (error as { constraint?: unknown }).constraint;
  const detail = (error as { detail?: unknown }).detail;
  const message = `${refusal.message}${typeof detail === "string" ? `: ${detail.replace(/\.$/, "")}` : ""}.`;
  return new ApiError(refusal.status, refusal.code, message, {
    ...(typeof constraint === "string" ? { constraint } : {}),
  });
}
