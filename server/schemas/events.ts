import { Type } from "typebox";
import { errors } from "./common.js";
import { TAGS } from "./openapi.js";

export const changeEventsSchema = {
  tags: [TAGS.blocks],
  summary:
    "Server-sent events: `ready` ({ latestId }), then `change` ({ id, kind: block | job | setting, entityId, version, state, actor, at }) for every change any server commits",
  headers: Type.Object({ "last-event-id": Type.Optional(Type.String({ maxLength: 20 })) }),
  response: { 200: Type.Unknown({ description: "text/event-stream" }), ...errors(401) },
};
