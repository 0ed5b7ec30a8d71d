import { Type } from "typebox";
import { TAGS } from "./openapi.js";

export const Health = Type.Object(
  {
    status: Type.Literal("ok"),
    database: Type.Enum(["pglite", "postgresql"]),
    postgis: Type.String({ description: "PostGIS version" }),
  },
  { additionalProperties: true },
);

export const healthSchema = {
  tags: [TAGS.health],
  summary: "Service and database status",
  response: { 200: Health },
};
