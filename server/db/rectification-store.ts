import type { Knex } from "knex";
import type { RectificationOutcome, RectificationRecord } from "../domain/rectification.js";

/** A rectification record with its ranking and outcome, as stored (migrations/20261201_03_rectifications.ts). */
export interface StoredRectification extends RectificationRecord {
  category: "A" | "B";
  rank: number | null;
  score: number | null;
  method: string;
  settings: Record<string, unknown>;
  orderedAt: string;
  orderedBy: string;
  judgedRank: number | null;
  judgedScore: number | null;
  exitDecision: unknown;
  judgedAt: string | null;
  judgedBy: string | null;
  /** 整改报告 recorded on it, oldest first (migration 20261202_04_rectification_reports). */
  reports: StoredRectificationReport[];
}

export interface StoredRectificationReport {
  id: number;
  rectificationId: number;
  report: string;
  reportedOn: string;
  reporter: string;
  recordedAt: string;
  recordedBy: string;
}

type Db = Knex | Knex.Transaction;

export interface NewOrder {
  blockId: number;
  orderedYear: number;
  category: "A" | "B";
  rank: number | null;
  score: number | null;
  method: string;
  settings: Record<string, unknown>;
}

export interface NewOutcome {
  rectificationId: number;
  judgedYear: number;
  outcome: Exclude<RectificationOutcome, "open">;
  rank: number | null;
  score: number | null;
  exitDecision: unknown;
}

export async function rectifications(
  db: Db,
  filter: { blockIds?: number[]; outcome?: RectificationOutcome } = {},
): Promise<StoredRectification[]> {
  const query = db("rectifications as r")
    .leftJoin("rectification_outcomes as o", "o.rectification_id", "r.id")
    .select(
      "r.*",
      "o.judged_year",
      "o.outcome",
      "o.rank as judged_rank",
      "o.score as judged_score",
      "o.exit_decision",
      "o.judged_at",
      "o.judged_by",
    )
    .orderBy([{ column: "r.ordered_year" }, { column: "r.id" }]);
  if (filter.blockIds) query.whereIn("r.block_id", filter.blockIds);
  const records = (await query).map(toRecord);
  const reports = await reportsOf(
    db,
    records.map((record) => record.id),
  );
  const rows = records.map((record) => ({ ...record, reports: reports.get(record.id) ?? [] }));
  return filter.outcome ? rows.filter((row) => row.outcome === filter.outcome) : rows;
}

export async function recordOrder(db: Db, order: NewOrder, actor: string): Promise<number> {
  const [{ id }] = await db("rectifications")
    .insert({
      block_id: order.blockId,
      ordered_year: order.orderedYear,
      category: order.category,
      rank: order.rank,
      score: order.score,
      method: order.method,
      settings: JSON.stringify(order.settings),
      ordered_by: actor,
    })
    .returning("id");
  return Number(id);
}

export async function recordOutcome(db: Db, outcome: NewOutcome, actor: string): Promise<void> {
  await db("rectification_outcomes").insert({
    rectification_id: outcome.rectificationId,
    judged_year: outcome.judgedYear,
    outcome: outcome.outcome,
    rank: outcome.rank,
    score: outcome.score,
    exit_decision: outcome.exitDecision === null ? null : JSON.stringify(outcome.exitDecision),
    judged_by: actor,
  });
}

async function reportsOf(db: Db, ids: number[]): Promise<Map<number, StoredRectificationReport[]>> {
  const byRecord = new Map<number, StoredRectificationReport[]>();
  if (ids.length === 0) return byRecord;
  const rows = await db("rectification_reports")
    .whereIn("rectification_id", ids)
    .orderBy("id")
    .select("*", db.raw("to_char(reported_on, 'YYYY-MM-DD') as reported_day"));
  for (const row of rows) {
    const report = toReport(row);
    byRecord.set(report.rectificationId, [...(byRecord.get(report.rectificationId) ?? []), report]);
  }
  return byRecord;
}

function toReport(row: Record<string, unknown>): StoredRectificationReport {
  return {
    id: Number(row.id),
    rectificationId: Number(row.rectification_id),
    report: String(row.report),
    reportedOn: String(row.reported_day),
    reporter: String(row.reporter),
    recordedAt: new Date(row.recorded_at as string).toISOString(),
    recordedBy: String(row.recorded_by),
  };
}

export interface NewReport {
  rectificationId: number;
  report: string;
  reportedOn: string;
  reporter: string;
}

/** Appends a 整改报告 (the caller's transaction holds its audit row). */
export async function recordReport(
  trx: Knex.Transaction,
  report: NewReport,
  actor: string,
): Promise<StoredRectificationReport> {
  const [{ id }] = await trx("rectification_reports")
    .insert({
      rectification_id: report.rectificationId,
      report: report.report,
      reported_on: report.reportedOn,
      reporter: report.reporter,
      recorded_by: actor,
    })
    .returning("id");
  const row = await trx("rectification_reports")
    .where({ id })
    .first("*", trx.raw("to_char(reported_on, 'YYYY-MM-DD') as reported_day"));
  return toReport(row);
}

/** Blocks whose rectification failed and that are still rectifying: what the exit batch works on. */
export async function failedRectificationBlockIds(db: Db): Promise<number[]> {
  const rows = await db("rectifications as r")
    .join("rectification_outcomes as o", "o.rectification_id", "r.id")
    .join("blocks as b", "b.id", "r.block_id")
    .where({ "o.outcome": "failed", "b.status": "rectifying", "b.level": "municipal" })
    .distinct("r.block_id")
    .orderBy("r.block_id");
  return rows.map((row) => Number(row.block_id));
}

function toRecord(row: Record<string, unknown>): Omit<StoredRectification, "reports"> {
  return {
    id: Number(row.id),
    blockId: row.block_id as number,
    orderedYear: row.ordered_year as number,
    category: String(row.category) as "A" | "B",
    rank: (row.rank as number | null) ?? null,
    score: row.score === null ? null : Number(row.score),
    method: row.method as string,
    settings: row.settings as Record<string, unknown>,
    orderedAt: new Date(row.ordered_at as string).toISOString(),
    orderedBy: row.ordered_by as string,
    outcome: (row.outcome as RectificationOutcome | null) ?? "open",
    judgedYear: (row.judged_year as number | null) ?? null,
    judgedRank: (row.judged_rank as number | null) ?? null,
    judgedScore:
      row.judged_score === null || row.judged_score === undefined ? null : Number(row.judged_score),
    exitDecision: row.exit_decision ?? null,
    judgedAt: row.judged_at ? new Date(row.judged_at as string).toISOString() : null,
    judgedBy: (row.judged_by as string | null) ?? null,
  };
}

/** The rectification records as a store (createStores): routes reach them only through it. */
export function rectificationStore(knex: Knex) {
  return {
    list: (filter: { blockIds?: number[]; outcome?: RectificationOutcome } = {}) =>
      rectifications(knex, filter),
    failedBlockIds: () => failedRectificationBlockIds(knex),
    /** One record by id (with its reports), or null; "lock" holds its row until the transaction ends. */
    get: async (id: number, db: Db = knex, lock?: "lock") => {
      const query = db("rectifications as r")
        .leftJoin("rectification_outcomes as o", "o.rectification_id", "r.id")
        .where("r.id", id)
        .first("r.*", "o.judged_year", "o.outcome");
      const row = await (lock ? query.forUpdate("r") : query);
      if (!row) return null;
      return { ...toRecord(row), reports: (await reportsOf(db, [id])).get(id) ?? [] };
    },
    recordReport,
  };
}
