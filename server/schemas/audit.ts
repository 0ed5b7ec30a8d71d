import { Type } from "typebox";
import { errors, Nullable } from "./common.js";
import { TAGS } from "./openapi.js";

/** The audit trail (issue #11): one row per mutation, append-only, hash-chained (server/db/audit-store.ts). */
export const AuditEventBody = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ description: "ISO 8601 UTC" }),
    accountId: Nullable(Type.String()),
    actorName: Type.String(),
    roles: Type.Array(Type.String()),
    action: Type.String({ description: "`<entity>.<verb>`, e.g. block.update" }),
    entity: Type.String(),
    entityId: Nullable(Type.String()),
    before: Type.Unknown(),
    after: Type.Unknown(),
    requestId: Nullable(Type.String()),
    clientAddress: Nullable(Type.String()),
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { additionalProperties: true },
);

const Instant = Type.String({
  format: "date-time",
  description: "ISO 8601 instant, e.g. 2026-12-01T00:00:00Z",
});

export const AuditFilterQuery = {
  entity: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  blockId: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: "a block's trail: its rows and imports or batches that named it",
    }),
  ),
  actor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "actor name or account id" }),
  ),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
};

export const listAuditSchema = {
  tags: [TAGS.audit],
  summary: "Audit events, newest first, filtered by entity, id, actor, action and time; paged",
  querystring: Type.Object(
    {
      ...AuditFilterQuery,
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      total: Type.Integer(),
      limit: Type.Integer(),
      offset: Type.Integer(),
      events: Type.Array(AuditEventBody),
    }),
    ...errors(400),
  },
};

export const exportAuditSchema = {
  tags: [TAGS.audit],
  summary: "The filtered audit events as a CSV or XLSX file (oldest first)",
  querystring: Type.Object(
    { ...AuditFilterQuery, format: Type.Optional(Type.Enum(["csv", "xlsx"])) },
    { additionalProperties: false },
  ),
  response: { 200: Type.Unknown(), ...errors(400) },
};

export const verifyAuditSchema = {
  tags: [TAGS.audit],
  summary: "Walks the audit hash chain: ok, rows checked, the first broken row and why",
  response: {
    200: Type.Object({
      ok: Type.Boolean(),
      rows: Type.Integer(),
      firstBrokenId: Type.Optional(Type.Integer()),
      reason: Type.Optional(Type.Enum(["hash-mismatch", "prev-hash-mismatch"])),
    }),
  },
};
