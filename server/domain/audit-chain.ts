import { createHash } from "node:crypto";

/**
 * The audit trail's hash chain (issue #11 · 审计留痕): each row's hash is the sha256 of the canonical JSON of its
 * content, which includes the previous row's hash, so changing, removing or inserting a row breaks every link
 * after it. Computed here rather than in SQL so PGlite (no pgcrypto) and PostgreSQL hash byte for byte alike.
 */

/** The previous hash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/** What a row says, as hashed: every column but `hash`. */
export interface AuditContent {
  id: number;
  /** ISO 8601 UTC with milliseconds (the database keeps it as timestamptz). */
  at: string;
  accountId: string | null;
  actorName: string;
  roles: string[];
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  clientAddress: string | null;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives the same text,
 * whatever order jsonb hands the keys back in. `undefined` members are dropped (as jsonb drops them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The sha256 (hex) of a row's content. */
export function auditHash(content: AuditContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}

export type ChainBreak = "hash-mismatch" | "prev-hash-mismatch";

/** Checks one link: the row names the previous row's hash, and its own hash is that of its content. */
export function checkLink(content: AuditContent, hash: string, previousHash: string): ChainBreak | null {
  if (content.prevHash !== previousHash) return "prev-hash-mismatch";
  if (auditHash(content) !== hash) return "hash-mismatch";
  return null;
}
