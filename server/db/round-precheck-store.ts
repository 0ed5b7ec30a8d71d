import type { Knex } from "knex";
import { overlapEntries } from "../domain/analysis-report.js";
import { composition } from "../domain/composition.js";
import {
  type BlockPrecheckFacts,
  blockPrechecks,
  GROWTH_INDICATORS,
  type GrowthFacts,
  headroomAfter,
  JUDGEMENT_CONDITIONS,
} from "../domain/round-prechecks.js";
import { m2ToKm2 } from "../domain/units.js";
import { analysisStore } from "./analysis-store.js";
import { compositionFacts } from "./composition-store.js";
import { transitionStore } from "./evaluation-transition-store.js";
import { ENDED_STATUSES_SQL, IN_FORCE_STATUSES_SQL } from "./status-sql.js";

/**
 * The facts of an application's pre-checks as of now (read before the submitting transaction: the analysis reads
 * through the pool). Block-to-block overlaps come from the kept table (block_pair_overlaps, migration 07).
 */
export function roundPrecheckStore(knex: Knex) {
  const analysis = analysisStore(knex);
  const transitions = transitionStore(knex);

  async function otherBlocks(blockId: number) {
    const result = await knex.raw(
      `select o.other_id as id, b.name, b.level, b.status, o.overlap_m2, b.area_m2
         from block_pair_overlaps o join blocks b on b.id = o.other_id
        where o.block_id = ? and b.status not in (${ENDED_STATUSES_SQL}) order by o.overlap_m2 desc`,
      [blockId],
    );
    return result.rows.map((row: Record<string, unknown>) => ({
      id: Number(row.id),
      name: String(row.name),
      level: String(row.level),
      status: String(row.status),
      overlapM2: Number(row.overlap_m2),
      otherAreaM2: Number(row.area_m2),
    }));
  }

  /**
   * The growth amounts (GROWTH_INDICATORS) of the block and of its district's other blocks in force, in the block's
   * two latest years with data; a district block counts for an indicator when it has it in both years.
   */
  async function growth(blockId: number): Promise<GrowthFacts> {
    const result = await knex.raw(
      `with latest as (
         select distinct on (year, block_id) year, block_id, inputs
           from evaluation_indicator_values order by year, block_id, id desc),
       me as (select b.id, p.district from blocks b join parks p on p.id = b.park_id where b.id = ?),
       years as (select max(year) as y1 from latest where block_id = (select id from me))
       select l.block_id = me.id as mine, l.block_id, l.year, l.inputs
         from latest l cross join me cross join years y
         join blocks b on b.id = l.block_id join parks p on p.id = b.park_id
        where l.year in (y.y1, y.y1 - 1) and p.district = me.district
          and (l.block_id = me.id or b.status in (${IN_FORCE_STATUSES_SQL}))`,
      [blockId],
    );
    const rows = (result.rows as Record<string, unknown>[]).map((row) => ({
      mine: row.mine === true,
      blockId: Number(row.block_id),
      year: Number(row.year),
      inputs: (typeof row.inputs === "string" ? JSON.parse(row.inputs) : row.inputs) as Record<
        string,
        unknown
      >,
    }));
    const toYear = rows.reduce((latest, row) => (row.mine ? Math.max(latest, row.year) : latest), -Infinity);
    if (!Number.isFinite(toYear)) return { fromYear: null, toYear: null, indicators: [] };
    const amount = (blockId: number, year: number, key: string) => {
      const value = rows.find((row) => row.blockId === blockId && row.year === year)?.inputs[key];
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    };
    const others = [...new Set(rows.filter((row) => !row.mine).map((row) => row.blockId))];
    const indicators = GROWTH_INDICATORS.map((indicator) => {
      const pair = (id: number) => {
        const from = amount(id, toYear - 1, indicator);
        const to = amount(id, toYear, indicator);
        return from === null || to === null ? null : { from, to };
      };
      const district = others.flatMap((id) => pair(id) ?? []);
      return {
        indicator,
        block: pair(blockId),
        district:
          district.length > 0
            ? {
                from: district.reduce((sum, p) => sum + p.from, 0),
                to: district.reduce((sum, p) => sum + p.to, 0),
                blocks: district.length,
              }
            : null,
      };
    });
    return { fromYear: toYear - 1, toYear, indicators };
  }

  async function blockFacts(blockId: number): Promise<BlockPrecheckFacts | undefined> {
    const stored = await analysis.storedBlock(blockId);
    const row = await knex("blocks")
      .select("code", "name", "level", "park_id")
      .where({ id: blockId })
      .first();
    if (!stored || !row) return undefined;
    const facts = await analysis.analyse(stored.geometry, blockId);
    const zones = facts.overlaps.filter((overlap) => overlap.layer !== "block");
    const [others, history, growthFacts] = await Promise.all([
      otherBlocks(blockId),
      transitions.history(blockId),
      growth(blockId),
    ]);
    return {
      blockId,
      code: row.code ?? "",
      name: row.name,
      parkId: Number(row.park_id),
      level: row.level,
      areaM2: facts.measures.areaM2,
      perimeterM: facts.measures.perimeterM,
      parts: facts.measures.parts,
      partGapsM: facts.measures.partGapsM,
      zoneOverlaps: overlapEntries(facts.measures.areaM2, zones),
      insideZgcM2: facts.insideZgcM2,
      otherBlocks: others,
      commitments: history.at(-1)?.commitments,
      growth: growthFacts,
    };
  }

  /** The pre-checks of an application's blocks as of now (frozen by the caller with the submitted version). */
  async function prechecksOf(blockIds: number[]) {
    const blocks = [];
    for (const id of blockIds) {
      const facts = await blockFacts(id);
      if (facts) blocks.push(blockPrechecks(facts));
    }
    const facts = await compositionFacts(knex);
    const { headroomKm2 } = composition(facts, facts.baseline);
    const uncounted = await knex("blocks")
      .whereIn("id", blockIds)
      .andWhere({ status: "candidate", level: "municipal" })
      .sum({ m2: "area_m2" })
      .first();
    return {
      computedAt: new Date().toISOString(),
      blocks,
      composition: headroomAfter(headroomKm2, m2ToKm2(Number(uncounted?.m2 ?? 0))),
      judgement: [...JUDGEMENT_CONDITIONS],
    };
  }

  return { prechecksOf };
}
