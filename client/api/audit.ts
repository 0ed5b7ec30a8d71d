import type { Static } from "typebox";
import type { AuditEventBody, listAuditSchema, verifyAuditSchema } from "../../server/schemas/audit.js";
import { type ApiResult, getJson } from "./request.js";

export type AuditEvent = Static<typeof AuditEventBody>;
export type AuditPage = Static<(typeof listAuditSchema.response)[200]>;
export type AuditVerify = Static<(typeof verifyAuditSchema.response)[200]>;

/** What the audit list and export filter on (every field optional; empty strings are left out). */
export interface AuditFilter {
  entity?: string;
  entityId?: string;
  blockId?: number;
  actor?: string;
  action?: string;
  /** ISO 8601 instants. */
  from?: string;
  to?: string;
}

function queryOf(values: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  return query.toString();
}

/** GET /api/audit: newest first, `limit` rows from `offset`, with the total that match. */
export function fetchAudit(
  filter: AuditFilter,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<ApiResult<AuditPage>> {
  return getJson(`/api/audit?${queryOf({ ...filter, ...page })}`, signal);
}

/** The export's URL (a download): the filtered rows as CSV or XLSX. */
export function auditExportUrl(filter: AuditFilter, format: "csv" | "xlsx"): string {
  return `/api/audit/export?${queryOf({ ...filter, format })}`;
}

/** GET /api/audit/verify: walks the hash chain. */
export function verifyAudit(signal?: AbortSignal): Promise<ApiResult<AuditVerify>> {
  return getJson("/api/audit/verify", signal);
}
