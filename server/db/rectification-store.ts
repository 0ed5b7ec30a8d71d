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
  const rows = (await query).map(toRecord);
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

function toRecord(row: Record<string, unknown>): StoredRectification {
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
  };
}
