import type { Knex } from "knex";
import {
  type AuditContent,
  auditHash,
  type ChainBreak,
  checkLink,
  GENESIS_HASH,
} from "../domain/audit-chain.js";

/**
 * The audit trail (issue #11): `appendAudit` adds one row to the hash chain inside the caller's transaction (the
 * mutation's own), and `audited` runs a write and its row as one transaction. Rows are never changed (triggers of
 * migration 20261201_10_audit refuse it); `verify` walks the chain and names the first broken link.
 */

/** Who made a change and through which request; account fields are null until accounts exist. */
export interface AuditActor {
  accountId: string | null;
  actorName: string;
  roles: string[];
  requestId: string | null;
  clientAddress: string | null;
}

export interface AuditEvent {
  actor: AuditActor;
  /** What was done, `<entity>.<verb>` (`block.update`, `settings.update`, `import.commit`). */
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow extends AuditContent {
  hash: string;
}

/** What an audited write returns: its value, and what the row records (`skip` when nothing changed). */
export interface AuditedWork<T> {
  value: T;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** A write that changed nothing (a no-op edit) leaves no row. */
  skip?: boolean;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  /** A block's trail: its own rows and the rows of writes that named it among several (`after.blockIds`). */
  blockId?: number;
  actor?: string;
  action?: string;
  /** ISO 8601 instants, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

export type VerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBrokenId: number; reason: ChainBreak };

type Db = Knex | Knex.Transaction;

/** One key for the chain's advisory lock: appenders take turns, so two writes can never fork the chain. */
const CHAIN_LOCK_KEY = 4_911_011;
const VERIFY_PAGE_ROWS = 1000;

/** Appends one row in `trx` (the mutation's transaction); the chain lock is held until it commits. */
export async function appendAudit(trx: Knex.Transaction, event: AuditEvent): Promise<AuditRow> {
  // The lock first, in its own statement: the head is read by a later statement, whose snapshot then sees
  // every row committed by the appender that held the lock before us.
  await trx.raw("select pg_advisory_xact_lock(?)", [CHAIN_LOCK_KEY]);
  const [next] = rowsOf(
    await trx.raw(
      `select nextval('audit_events_id_seq')::int8 as id,
              (select hash from audit_events order by id desc limit 1) as head`,
    ),
  );
  const content: AuditContent = {
    id: Number(next.id),
    at: new Date().toISOString(),
    accountId: event.actor.accountId,
    actorName: event.actor.actorName,
    roles: [...event.actor.roles],
    action: event.action,
    entity: event.entity,
    entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
    // As jsonb will hand them back (dates as text, undefined members gone), so the hash reads back alike.
    before: asJson(event.before),
    after: asJson(event.after),
    requestId: event.actor.requestId,
    clientAddress: event.actor.clientAddress,
    prevHash: (next.head as string | null) ?? GENESIS_HASH,
  };
  const hash = auditHash(content);
  await trx("audit_events").insert({
    id: content.id,
    at: content.at,
    account_id: content.accountId,
    actor_name: content.actorName,
    roles: JSON.stringify(content.roles),
    action: content.action,
    entity: content.entity,
    entity_id: content.entityId,
    before: content.before === null ? null : JSON.stringify(content.before),
    after: content.after === null ? null : JSON.stringify(content.after),
    request_id: content.requestId,
    client_address: content.clientAddress,
    prev_hash: content.prevHash,
    hash,
  });
  return { ...content, hash };
}

export function auditStore(knex: Knex) {
  /** Runs `work` and appends its row in one transaction; a throw inside rolls both back. */
  async function audited<T>(
    actor: AuditActor,
    what: { action: string; entity: string; entityId?: string | number | null },
    work: (trx: Knex.Transaction) => Promise<AuditedWork<T>>,
  ): Promise<T> {
    return knex.transaction(async (trx) => {
      const done = await work(trx);
      if (!done.skip) {
        await appendAudit(trx, {
          actor,
          action: what.action,
          entity: what.entity,
          entityId: done.entityId ?? what.entityId ?? null,
          before: done.before,
          after: done.after,
        });
      }
      return done.value;
    });
  }

  function filtered(filter: AuditFilter, db: Db = knex) {
    const query = db("audit_events");
    if (filter.entity) query.where("entity", filter.entity);
    if (filter.entityId) query.where("entity_id", filter.entityId);
    if (filter.action) query.where("action", filter.action);
    if (filter.blockId !== undefined) {
      const id = filter.blockId;
      query.where((inner) =>
        inner
          .where({ entity: "block", entity_id: String(id) })
          .orWhereRaw("after -> 'blockIds' @> ?::jsonb", [JSON.stringify(id)]),
      );
    }
    if (filter.actor) {
      const actor = filter.actor;
      query.where((inner) => inner.where("actor_name", actor).orWhere("account_id", actor));
    }
    if (filter.from) query.where("at", ">=", filter.from);
    if (filter.to) query.where("at", "<", filter.to);
    return query;
  }

  /** Newest first, `limit` rows after skipping `offset`, with the count of all that match. */
  async function list(filter: AuditFilter, page: { limit: number; offset: number }) {
    const [{ total }] = await filtered(filter).count<{ total: number | string }[]>({ total: "*" });
    const rows = await filtered(filter)
      .select("*")
      .orderBy("id", "desc")
      .limit(page.limit)
      .offset(page.offset);
    return { total: Number(total), events: rows.map(toRow) };
  }

  /** Every matching row, oldest first (for the CSV / XLSX export). */
  async function all(filter: AuditFilter): Promise<AuditRow[]> {
    return (await filtered(filter).select("*").orderBy("id")).map(toRow);
  }

  async function count(): Promise<number> {
    const [{ total }] = await knex("audit_events").count<{ total: number | string }[]>({ total: "*" });
    return Number(total);
  }

  /** Walks the chain from the first row: the first row whose link or hash does not hold, and why. */
  async function verify(): Promise<VerifyResult> {
    let previousHash = GENESIS_HASH;
    let rows = 0;
    let afterId = 0;
    for (;;) {
      const page = await knex("audit_events")
        .select("*")
        .where("id", ">", afterId)
        .orderBy("id")
        .limit(VERIFY_PAGE_ROWS);
      for (const raw of page) {
        const { hash, ...content } = toRow(raw);
        const reason = checkLink(content, hash, previousHash);
        if (reason) return { ok: false, rows, firstBrokenId: content.id, reason };
        previousHash = hash;
        rows++;
        afterId = content.id;
      }
      if (page.length < VERIFY_PAGE_ROWS) return { ok: true, rows };
    }
  }

  return { audited, list, all, count, verify };
}
export type AuditStore = ReturnType<typeof auditStore>;

function asJson(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

/** Both drivers parse jsonb (pg's type parser, PGlite's own). */
function parsedJson(value: unknown): unknown {
  return value ?? null;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

function toRow(row: Record<string, unknown>): AuditRow {
  return {
    id: Number(row.id),
    at: new Date(row.at as string).toISOString(),
    accountId: (row.account_id as string | null) ?? null,
    actorName: row.actor_name as string,
    roles: parsedJson(row.roles) as string[],
    action: row.action as string,
    entity: row.entity as string,
    entityId: (row.entity_id as string | null) ?? null,
    before: parsedJson(row.before),
    after: parsedJson(row.after),
    requestId: (row.request_id as string | null) ?? null,
    clientAddress: (row.client_address as string | null) ?? null,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
