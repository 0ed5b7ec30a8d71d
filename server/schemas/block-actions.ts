import { Type } from "typebox";
import { BLOCK_ACTIONS } from "../domain/block-lifecycle.js";
import { BlockFeature } from "./blocks.js";
import { errors, IdText } from "./common.js";
import { TAGS } from "./openapi.js";

/** POST /api/blocks/:id/actions/:action — a lifecycle action with the version last seen and why. */
export const blockActionSchema = {
  tags: [TAGS.blocks],
  summary:
    "Change a block's status by a lifecycle action (apply, recognize, order-rectification, pass-rectification, " +
    "fail-rectification, reduce, exit, withdraw); 409 transition-not-allowed when the lifecycle forbids it, " +
    "409 eco-commitments-missing when an eco-area block is recognized without its indicator commitments",
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
