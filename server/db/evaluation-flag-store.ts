import type { Knex } from "knex";

export type FlagOutcome = "rectify" | "exit-decision" | "rectification-passed";

export interface StoredFlag {
  year: number;
  blockId: number;
  category: "A" | "B";
  rank: number | null;
  score: number | null;
  method: string;
  outcome: FlagOutcome;
  exitDecision: unknown;
  flaggedAt: string;
  flaggedBy: string;
}

type Db = Knex | Knex.Transaction;

/** 责令整改 records: the bottom-5% flags of each year and the flag runs with the settings they used (append-only). */
export function evaluationFlagStore(knex: Knex) {
  async function flags(filter: { year?: number; blockIds?: number[] } = {}): Promise<StoredFlag[]> {
    const query = knex("evaluation_flags")
      .select("*")
      .orderBy([{ column: "year" }, { column: "id" }]);
    if (filter.year !== undefined) query.where("year", filter.year);
    if (filter.blockIds) query.whereIn("block_id", filter.blockIds);
    return (await query).map((row) => ({
      year: row.year,
      blockId: row.block_id,
      category: String(row.category) as "A" | "B",
      rank: row.rank,
      score: row.score === null ? null : Number(row.score),
      method: row.method,
      outcome: row.outcome,
      exitDecision: row.exit_decision,
      flaggedAt: new Date(row.flagged_at).toISOString(),
      flaggedBy: row.flagged_by,
    }));
  }

  async function recordFlag(
    flag: Omit<StoredFlag, "flaggedAt">,
    db: Knex | Knex.Transaction = knex,
  ): Promise<void> {
    await db("evaluation_flags").insert({
      year: flag.year,
      block_id: flag.blockId,
      category: flag.category,
      rank: flag.rank,
      score: flag.score,
      method: flag.method,
      outcome: flag.outcome,
      exit_decision: flag.exitDecision === null ? null : JSON.stringify(flag.exitDecision),
      flagged_by: flag.flaggedBy,
    });
  }

  /** Records one flag run of a year with the settings it used (append-only). */
  async function recordRun(
    run: {
      year: number;
      method: string;
      settings: Record<string, unknown>;
      summary: Record<string, unknown>;
      runBy: string;
    },
    db: Db = knex,
  ): Promise<void> {
    await db("evaluation_runs").insert({
      year: run.year,
      method: run.method,
      settings: JSON.stringify(run.settings),
      summary: JSON.stringify(run.summary),
      run_by: run.runBy,
    });
  }

  async function runs(year: number) {
    const rows = await knex("evaluation_runs").select("*").where({ year }).orderBy("id");
    return rows.map((row) => ({
      year: row.year as number,
      method: row.method as string,
      settings: row.settings as Record<string, unknown>,
      summary: row.summary as Record<string, unknown>,
      runAt: new Date(row.run_at).toISOString(),
      runBy: row.run_by as string,
    }));
  }

  return { flags, recordFlag, recordRun, runs };
}
