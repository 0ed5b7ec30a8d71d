import { Type } from "typebox";
import { BLOCK_ACTIONS } from "../domain/block-lifecycle.js";
import { BlockFeature } from "./blocks.js";
import { errors, IdText } from "./common.js";
import { TAGS } from "./openapi.js";

/** POST /api/blocks/:id/actions/:action — a lifecycle action with the version last seen and why. */
export const blockActionSchema = {
  tags: [TAGS.blocks],
  summary:
    "Change a block's status by a lifecycle action a person takes (apply, withdraw, exit of a block not under " +
    "rectification); 409 transition-not-allowed when the lifecycle forbids it, 409 recognition-by-round for " +
    "recognize, 409 rectification-by-evaluation for the rectification chain's steps (order-rectification, " +
    "pass-rectification, fail-rectification: the flag run; reduce and the exit of a block 整改中: applying its " +
    "淘汰方式 decision), naming the route to use",
  params: Type.Object({ id: IdText, action: Type.String({ description: BLOCK_ACTIONS.join(", ") }) }),
  body: Type.Optional(
    Type.Object(
      {
        version: Type.Optional(Type.Integer({ minimum: 1 })),
        reason: Type.Optional(Type.String({ description: "why (required; kept in the history)" })),
      },
      { additionalProperties: true },
    ),
  ),
  response: { 200: BlockFeature, ...errors(400, 404, 409, 428) },
};
