import type { FastifyRequest } from "fastify";
import type { ActionResult, BlockFeature, UpdateResult } from "../db/block-store.js";
import { allowedActions } from "../domain/block-lifecycle.js";
import { ApiError, badRequest, conflict, notFound } from "../errors.js";

/** The version the client last saw: `If-Match: "3"` or `version` in the body (or its properties). */
export function versionFrom(request: FastifyRequest, body: unknown = request.body): number {
  const header = request.headers["if-match"];
  const fields = (typeof body === "object" && body !== null ? body : {}) as {
    version?: unknown;
    properties?: { version?: unknown };
  };
  const raw =
    header !== undefined
      ? String(header).replace(/^W\//, "").replaceAll('"', "")
      : (fields.version ?? fields.properties?.version);
  if (raw === undefined) {
    throw new ApiError(
      428,
      "version-required",
      "Say which version you edited: an If-Match header or a version in the body (lost updates are refused).",
    );
  }
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1)
    throw badRequest("bad-version", `Not a version number: ${raw}`);
  return version;
}

/** A store write's outcome as the block, or the 404 / 409 that says why it did not happen. */
export function writtenBlock(
  id: number,
  expectedVersion: number,
  result: UpdateResult | ActionResult,
): BlockFeature {
  switch (result.outcome) {
    case "not-found":
      throw notFound("Block", id);
    case "conflict":
      throw conflict(
        `Block ${id} was changed by someone else: you edited version ${expectedVersion}, ` +
          `the current version is ${result.currentVersion}. Reload it and apply your change again.`,
        { expectedVersion, currentVersion: result.currentVersion },
      );
    case "not-allowed": {
      const { action, from, to, reason } = result.check;
      throw new ApiError(409, "transition-not-allowed", `Block ${id}: ${reason}`, {
        action,
        from,
        to,
        allowedActions: allowedActions(from),
      });
    }
    case "updated":
    case "unchanged":
      return result.block;
  }
}
