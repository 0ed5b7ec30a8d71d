import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { BLOCK_ACTION_PERMISSIONS } from "../auth/route-permissions.js";
import type { BlockStatus } from "../domain/block.js";
import { byHandRefusal } from "../domain/block-actions-by-hand.js";
import { checkActionReason } from "../domain/block-input.js";
import { BLOCK_ACTIONS, type BlockAction, isBlockAction } from "../domain/block-lifecycle.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { blockActionSchema } from "../schemas/block-actions.js";
import { auditActorOf, blockSnapshot } from "./audit-request.js";
import { versionFrom, writtenBlock } from "./block-write.js";
import { actorOf, parseId } from "./params.js";
import { recognitionByRound } from "./recognize-check.js";

/**
 * POST /api/blocks/:id/actions/:action — the only way a client changes a block's status: a named action of
 * the lifecycle (domain/block-lifecycle.ts), with the version last seen and a reason kept in the history.
 * The rectification chain's steps are not taken here (domain/block-actions-by-hand.ts): 409
 * `rectification-by-evaluation` naming the route that takes them, read in the write's transaction, nothing written.
 */
export const blockActionRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.post(
    "/blocks/:id/actions/:action",
    { schema: blockActionSchema, config: { permission: BLOCK_ACTION_PERMISSIONS, scope: "block-param" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const { action } = request.params;
      if (!isBlockAction(action))
        throw notFound("Action", `"${action}" (one of ${BLOCK_ACTIONS.join(", ")})`);
      const expectedVersion = versionFrom(request);
      const reason = checkActionReason(request.body?.reason);
      if (!reason.valid) throw badRequest("bad-reason", reason.message, { field: "reason" });
      // 认定 is the round's: a block becomes 已认定 only by the 批复 of its application (issue #13).
      if (action === "recognize") throw recognitionByRound(id);
      const block = await stores.audit.audited(
        auditActorOf(request),
        { action: `block.${action}`, entity: "block", entityId: id },
        async (trx) => {
          const before = await stores.blocks.get(id, trx);
          if (before) assertByHand(action, before.properties.status);
          const context = { actor: actorOf(request), change: action, reason: reason.reason };
          const result = await stores.blocks.act(id, expectedVersion, action, context, trx);
          const written = writtenBlock(id, expectedVersion, result);
          return {
            value: written,
            before: before && blockSnapshot(before),
            after: { ...blockSnapshot(written), reason: reason.reason },
          };
        },
      );
      reply.header("etag", `"${block.properties.version}"`);
      return block;
    },
  );
};

/** 409 rectification-by-evaluation (domain/block-actions-by-hand.ts) when `action` is the chain's, not a person's. */
export function assertByHand(action: BlockAction, status: BlockStatus): void {
  const refusal = byHandRefusal(action, status);
  if (refusal) {
    const { code, message, ...details } = refusal;
    throw new ApiError(409, code, message, details);
  }
}
