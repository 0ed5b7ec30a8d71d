import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import { requireBlockParks, requireParks, requirePermission } from "../auth/enforce.js";
import { permissionToChange } from "../auth/route-permissions.js";
import type { ToolResult } from "../db/block-tool-store.js";
import { checkSplitLine, TOOL_REASONS } from "../domain/block-tools.js";
import { ApiError, badRequest, conflict, notFound } from "../errors.js";
import { mergeBlockSchema, restoreBlockSchema, splitBlockSchema } from "../schemas/block-tools.js";
import { auditActorOf, blockSnapshot } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";

/**
 * Split, merge and restore (issue #18 item 8): each one transaction with its block versions, their history
 * links and one audit row naming every block it wrote (`after.blockIds`).
 */
export const blockToolRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const contextOf = (request: FastifyRequest, change: string, reason?: string) => ({
    actor: actorOf(request),
    change,
    reason: reason?.trim() || null,
  });

  app.post(
    "/blocks/:id/split",
    { schema: splitBlockSchema, config: { permission: "blocks.edit", scope: "block-param" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const { version, line, reason } = request.body;
      const lineCheck = checkSplitLine(line as GeoJSON.LineString);
      if (!lineCheck.valid) throw badRequest(lineCheck.reason, lineCheck.message, { field: "line" });
      const result = await stores.audit.audited(
        auditActorOf(request),
        { action: "block.split", entity: "block", entityId: id },
        async (trx) => {
          const before = await stores.blocks.get(id, trx);
          const outcome = done(
            await stores.blockTools.split(trx, { id, version }, line as GeoJSON.LineString, {
              ...contextOf(request, "split", reason),
            }),
          );
          const written = [outcome.block, ...outcome.newBlocks];
          return {
            value: outcome,
            before: before && blockSnapshot(before),
            after: { blockIds: written.map((b) => b.properties.id), blocks: written.map(blockSnapshot) },
          };
        },
      );
      reply.header("etag", `"${result.block.properties.version}"`);
      return { block: result.block, newBlocks: result.newBlocks };
    },
  );

  app.post(
    "/blocks/:id/merge",
    { schema: mergeBlockSchema, config: { permission: "blocks.edit", scope: "block-param" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const { version, otherId, otherVersion, reason } = request.body;
      if (!(await stores.blocks.get(otherId))) throw notFound("Block", otherId);
      await requireBlockParks(request, stores, [otherId]);
      const result = await stores.audit.audited(
        auditActorOf(request),
        { action: "block.merge", entity: "block", entityId: id },
        async (trx) => {
          const outcome = done(
            await stores.blockTools.merge(
              trx,
              { id, version },
              { id: otherId, version: otherVersion },
              contextOf(request, "merge", reason),
            ),
          );
          return {
            value: outcome,
            after: {
              blockIds: [id, otherId],
              blocks: [blockSnapshot(outcome.block), blockSnapshot(outcome.merged)],
            },
          };
        },
      );
      reply.header("etag", `"${result.block.properties.version}"`);
      return { block: result.block, merged: result.merged };
    },
  );

  app.post(
    "/blocks/:id/restore",
    { schema: restoreBlockSchema, config: { permission: "blocks.edit", scope: "block-param" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const { version, fromVersion, reason } = request.body;
      const restoredPark = await stores.blockTools.versionParkId(id, fromVersion);
      if (restoredPark !== undefined) await requireParks(request, stores, [restoredPark]);
      const block = await stores.audit.audited(
        auditActorOf(request),
        { action: "block.restore", entity: "block", entityId: id },
        async (trx) => {
          const before = await stores.blocks.get(id, trx);
          if (before) requirePermission(request, permissionToChange(before.properties.status, "edit"));
          const result = await stores.blockTools.restore(
            trx,
            { id, version },
            fromVersion,
            contextOf(request, "restore", reason),
          );
          const written = result.outcome === "unchanged" ? result.block : done(result).block;
          return {
            value: written,
            skip: result.outcome === "unchanged",
            before: before && blockSnapshot(before),
            after: { ...blockSnapshot(written), restoredFrom: fromVersion },
          };
        },
      );
      reply.header("etag", `"${block.properties.version}"`);
      return block;
    },
  );
};

/** A tool's outcome as its result, or the 404 / 409 / 400 that says why it did not happen. */
function done<T>(result: ToolResult<T>): T {
  switch (result.outcome) {
    case "done":
      return result;
    case "unchanged":
      throw new Error("done(): an unchanged outcome is handled by the route");
    case "not-found":
      throw notFound("Block", result.blockId);
    case "conflict":
      throw conflict(
        `Block ${result.blockId} was changed by someone else: you saw version ${result.expectedVersion}, ` +
          `the current version is ${result.currentVersion}. Reload it and try again.`,
        {
          blockId: result.blockId,
          expectedVersion: result.expectedVersion,
          currentVersion: result.currentVersion,
        },
      );
    case "refused": {
      const { reason, message } = result.check;
      const status = reason === TOOL_REASONS.notPending ? 409 : 400;
      throw new ApiError(status, reason, message);
    }
  }
}
