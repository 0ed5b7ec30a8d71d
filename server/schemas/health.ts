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

export const HealthUnavailable = Type.Object(
  {
    status: Type.Literal("unavailable"),
    database: Type.Literal("unavailable"),
    databaseKind: Type.Enum(["pglite", "postgresql"]),
    message: Type.String(),
  },
  { additionalProperties: true },
);

export const healthSchema = {
  tags: [TAGS.health],
  summary: "Service and database status (503 while the database does not answer)",
  response: { 200: Health, 503: HealthUnavailable },
};
