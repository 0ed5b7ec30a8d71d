import type { Knex } from "knex";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import { ENDED_STATUSES, IN_FORCE_STATUSES } from "../domain/block.js";
import { type BlockCategory, blockCategory, type CategorySource } from "../domain/evaluation-category.js";
import { type EvaluationConfig, isCompleteWeightSet, isScoreMethod } from "../domain/evaluation-config.js";
import type { ValidRow } from "../domain/evaluation-import.js";
import type { IndicatorInputs } from "../domain/evaluation-indicators.js";
import { isIsoDate } from "../domain/transition.js";
import { m2ToKm2 } from "../domain/units.js";
import { evaluationFlagStore } from "./evaluation-flag-store.js";
import { transitionStore } from "./evaluation-transition-store.js";

export type { FlagOutcome, StoredFlag } from "./evaluation-flag-store.js";

/** The evaluation config in force for a year, and where it comes from. */
export interface StoredConfig {
  config: EvaluationConfig;
  /** The year whose set is used: the latest set for a year ≤ the asked year, else the earliest set. */
  definedForYear: number;
  inherited: boolean;
  changedAt: string;
  changedBy: string;
}

/** A block as it stood at the end of an evaluation year (the version in force then; see evaluatedBlocks). */
export interface YearBlock {
  blockId: number;
  code: string | null;
  name: string;
  parkId: number;
  parkCode: string;
  parkName: string;
  category: "A" | "B";
  level: BlockLevel;
  /** Status of the version used for the year. */
  statusAtYearEnd: BlockStatus;
  /** Status now (what flagging changes). */
  status: BlockStatus;
  currentVersion: number;
  /** Block version the year's area and status come from. */
  versionUsed: number;
  /** Stored ellipsoidal area of that version, km². */
  areaKm2: number;
  /** Where the category comes from: the park's, or the block's override (with its reason). */
  categorySource: CategorySource;
  categoryReason: string | null;
  /** The recognizedOn attribute (YYYY-MM-DD) if valid, else the Beijing date of its first version in force. */
  recognizedOn: string | null;
}

export interface ImportMeta {
  source: "json" | "csv" | "xlsx" | "demo";
  fileName: string | null;
  rowCount: number;
}

type Db = Knex | Knex.Transaction;

const IN_FORCE_SQL = IN_FORCE_STATUSES.map((status) => `'${status}'`).join(", ");

/**
 * Evaluation data: configs, indicator values, flags and runs (evaluation-flag-store.ts) and (in `transitions`)
 * ecological transitions, all append-only — the latest row is in force.
 */
export function evaluationStore(knex: Knex) {
  async function config(year: number): Promise<StoredConfig | undefined> {
    const row =
      (await knex("evaluation_configs")
        .where("year", "<=", year)
        .orderBy([
          { column: "year", order: "desc" },
          { column: "id", order: "desc" },
        ])
        .first()) ??
      (await knex("evaluation_configs")
        .orderBy([
          { column: "year", order: "asc" },
          { column: "id", order: "desc" },
        ])
        .first());
    if (!row) return undefined;
    if (!isScoreMethod(row.method) || !isCompleteWeightSet(row.weights_percent)) {
      throw new Error(`evaluation_configs row ${row.id} is incomplete`);
    }
    return {
      config: {
        method: row.method,
        weightsPercent: row.weights_percent,
        recommendationTopPercent: Number(row.recommendation_top_percent),
        exemptTransitionBlocks: row.exempt_transition_blocks,
      },
      definedForYear: row.year,
      inherited: row.year !== year,
      changedAt: new Date(row.changed_at).toISOString(),
      changedBy: row.changed_by,
    };
  }

  async function saveConfig(
    year: number,
    value: EvaluationConfig,
    actor: string,
    db: Knex | Knex.Transaction = knex,
  ): Promise<void> {
    await db("evaluation_configs").insert({
      year,
      method: value.method,
      weights_percent: JSON.stringify(value.weightsPercent),
      recommendation_top_percent: value.recommendationTopPercent,
      exempt_transition_blocks: value.exemptTransitionBlocks,
      changed_by: actor,
    });
  }

  /** Blocks an import may name: every block, by id and by code. */
  async function blockKeys(): Promise<{ ids: Set<number>; idByCode: Map<string, number> }> {
    const rows = await knex("blocks").select("id", "code");
    return {
      ids: new Set(rows.map((row) => row.id as number)),
      idByCode: new Map(
        rows.filter((row) => row.code !== null).map((row) => [row.code as string, row.id as number]),
      ),
    };
  }

  /** Stores valid rows of one import in one transaction; returns the import's id. */
  async function saveValues(
    year: number,
    rows: readonly ValidRow[],
    meta: ImportMeta,
    actor: string,
    db: Db = knex,
  ) {
    const work = async (trx: Knex.Transaction) => {
      const [{ id }] = await trx("evaluation_imports")
        .insert({
          year,
          source: meta.source,
          file_name: meta.fileName,
          row_count: meta.rowCount,
          stored_count: rows.length,
          imported_by: actor,
        })
        .returning("id");
      if (rows.length > 0) {
        await trx("evaluation_indicator_values").insert(
          rows.map((row) => ({
            year,
            block_id: row.blockId,
            inputs: JSON.stringify(row.inputs),
            import_id: id,
            recorded_by: actor,
          })),
        );
      }
      return Number(id);
    };
    return db.isTransaction ? work(db as Knex.Transaction) : knex.transaction(work);
  }

  /** The inputs in force for a year: the latest row of each block. */
  async function valuesForYear(year: number): Promise<Map<number, IndicatorInputs>> {
    const rows = await knex.raw(
      `select distinct on (block_id) block_id, inputs from evaluation_indicator_values
        where year = ? order by block_id, id desc`,
      [year],
    );
    return new Map(
      rows.rows.map((row: { block_id: number; inputs: IndicatorInputs }) => [row.block_id, row.inputs]),
    );
  }

  /** The inputs in force of one block, every year. */
  async function valuesForBlock(blockId: number): Promise<{ year: number; inputs: IndicatorInputs }[]> {
    const rows = await knex.raw(
      `select distinct on (year) year, inputs from evaluation_indicator_values
        where block_id = ? order by year, id desc`,
      [blockId],
    );
    return rows.rows.map((row: { year: number; inputs: IndicatorInputs }) => ({
      year: row.year,
      inputs: row.inputs,
    }));
  }

  /**
   * Every block as it stood at the end of the year (Beijing time): the latest version changed before then, or
   * — for a block drawn later — its first version. So a later reduction does not change an earlier year's
   * 地均产出, and a block that exited later is still in the years it was part of. Ended blocks are left out.
   */
  async function evaluatedBlocks(year: number, onlyBlockId?: number): Promise<YearBlock[]> {
    const yearEnd = `${year + 1}-01-01T00:00:00+08:00`;
    const only = onlyBlockId === undefined ? "" : "where block_id = ?";
    const result = await knex.raw(
      `select v.block_id, b.code, b.name, v.park_id, p.code as park_code, p.name as park_name, p.category,
          v.level, v.status as status_at_year_end, b.status, b.version as current_version, v.version as version_used,
          v.area_m2, b.attributes->>'recognizedOn' as recognized_attribute,
          b.attributes->'categoryOverride' as category_override,
          (select to_char((min(f.changed_at) at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') from block_versions f
            where f.block_id = v.block_id and f.status in (${IN_FORCE_SQL})) as first_in_force_on
        from (
          select distinct on (block_id) block_id, version, park_id, level, status, area_m2
            from block_versions ${only}
            order by block_id, (changed_at < ?::timestamptz) desc,
              case when changed_at < ?::timestamptz then -version else version end
        ) v
        join blocks b on b.id = v.block_id
        join parks p on p.id = v.park_id
        order by v.block_id`,
      onlyBlockId === undefined ? [yearEnd, yearEnd] : [onlyBlockId, yearEnd, yearEnd],
    );
    return result.rows
      .map(
        (row: Record<string, unknown>): YearBlock => ({
          blockId: row.block_id as number,
          code: row.code as string | null,
          name: row.name as string,
          parkId: row.park_id as number,
          parkCode: row.park_code as string,
          parkName: row.park_name as string,
          ...categoryFields(blockCategory(String(row.category) as "A" | "B", row.category_override)),
          level: row.level as BlockLevel,
          statusAtYearEnd: row.status_at_year_end as BlockStatus,
          status: row.status as BlockStatus,
          currentVersion: row.current_version as number,
          versionUsed: row.version_used as number,
          areaKm2: m2ToKm2(Number(row.area_m2)),
          recognizedOn: isIsoDate(row.recognized_attribute)
            ? row.recognized_attribute
            : ((row.first_in_force_on as string | null) ?? null),
        }),
      )
      .filter((block: YearBlock) => !ENDED_STATUSES.includes(block.statusAtYearEnd));
  }

  async function hasValues(): Promise<boolean> {
    const [{ count }] = await knex("evaluation_indicator_values").count<{ count: number | string }[]>(
      "* as count",
    );
    return Number(count) > 0;
  }

  return {
    config,
    saveConfig,
    blockKeys,
    saveValues,
    valuesForYear,
    valuesForBlock,
    evaluatedBlocks,
    ...evaluationFlagStore(knex),
    hasValues,
    transitions: transitionStore(knex),
  };
}

export type EvaluationStore = ReturnType<typeof evaluationStore>;

function categoryFields(value: BlockCategory) {
  return { category: value.category, categorySource: value.source, categoryReason: value.reason };
}
