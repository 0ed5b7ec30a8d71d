import type { Knex } from "knex";
import type { RecommendedBlock } from "../domain/recommendation-revision.js";

type Db = Knex | Knex.Transaction;

/** One revision of a year's 优先推荐纳入国家高新区 list (recommendation_revisions, migrations 15 and 21). */
export interface RecommendationRevision {
  id: number;
  year: number;
  name: string;
  revisedOn: string;
  reason: string | null;
  recommended: RecommendedBlock[];
  createdAt: string;
  createdBy: string;
}

/** Append-only: the latest revision of a year is its list in force. */
export function recommendationStore(knex: Knex) {
  async function list(year: number, db: Db = knex): Promise<RecommendationRevision[]> {
    const rows = await db("recommendation_revisions")
      .where({ year })
      .orderBy("id", "desc")
      .select(
        "id",
        "year",
        "name",
        db.raw("revised_on::text as revised_on"),
        "reason",
        "recommended",
        "created_at",
        "created_by",
      );
    return rows.map((row) => ({
      id: Number(row.id),
      year: row.year,
      name: row.name,
      revisedOn: row.revised_on,
      reason: row.reason ?? null,
      recommended: typeof row.recommended === "string" ? JSON.parse(row.recommended) : row.recommended,
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
    }));
  }

  async function record(
    revision: Pick<RecommendationRevision, "year" | "name" | "revisedOn" | "reason" | "recommended">,
    actor: string,
    trx: Knex.Transaction,
  ): Promise<RecommendationRevision> {
    const [{ id }] = await trx("recommendation_revisions")
      .insert({
        year: revision.year,
        name: revision.name,
        revised_on: revision.revisedOn,
        reason: revision.reason,
        recommended: JSON.stringify(revision.recommended),
        created_by: actor,
      })
      .returning("id");
    const stored = (await list(revision.year, trx)).find((row) => row.id === Number(id));
    if (!stored) throw new Error("the revision just written is not found");
    return stored;
  }

  return { list, record };
}
