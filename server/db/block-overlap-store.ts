import type { Knex } from "knex";
import type { OverlapFact } from "../domain/analysis-report.js";
import { ellipsoidalAreaM2Sql, multiPolygonFromGeoJson, type SqlBuilder } from "./geometry.js";
import { ENDED_STATUSES_SQL } from "./status-sql.js";

/** Overlaps smaller than this (m²) are boundary contact, not overlap (as in analysis-store.ts). */
const MIN_OVERLAP_M2 = 0.01;

/**
 * 区块与区块重叠 (issue #18 item 3): the live blocks a shape overlaps, without the zone overlay, so an import
 * of many features stays cheap; and a stored block's overlaps read from the kept `block_pair_overlaps`
 * (derived in the writing transaction, migration 20261201_07_scale) for the recognition pre-checks.
 */
export function blockOverlapStore(knex: Knex) {
  /** Each live block (but `excludeBlockId`) the GeoJSON geometry overlaps, with the overlap area (m²). */
  async function overlapsOfGeoJson(geoJson: unknown, excludeBlockId?: number): Promise<OverlapFact[]> {
    const result = await knex.raw(
      `with s as materialized (select g, ${ellipsoidalAreaM2Sql("g")} as area_m2 from (select ?::geometry as g) i)
       select b.id, b.name, b.level, b.status, b.park_id, b.area_m2 as target_m2,
              ${ellipsoidalAreaM2Sql("ST_Intersection(s.g, b.geom)")} as overlap_m2
         from s join blocks b on b.geom && s.g and ST_Intersects(b.geom, s.g)
        where b.status not in (${ENDED_STATUSES_SQL}) and b.id <> ?
        order by b.id`,
      [multiPolygonFromGeoJson(knex as SqlBuilder, geoJson), excludeBlockId ?? -1],
    );
    return factsOf(result.rows);
  }

  /** A stored block's overlaps with the other live blocks, from the kept pair table. */
  async function overlapsOfStoredBlock(blockId: number, trx?: Knex.Transaction): Promise<OverlapFact[]> {
    const result = await (trx ?? knex).raw(
      `select o.id, o.name, o.level, o.status, o.park_id, o.area_m2 as target_m2, x.overlap_m2
         from block_pair_overlaps x join blocks o on o.id = x.other_id
        where x.block_id = ? and o.status not in (${ENDED_STATUSES_SQL})
        order by o.id`,
      [blockId],
    );
    return factsOf(result.rows);
  }

  return { overlapsOfGeoJson, overlapsOfStoredBlock };
}

function factsOf(rows: Record<string, unknown>[]): OverlapFact[] {
  return rows
    .filter((row) => Number(row.overlap_m2) > MIN_OVERLAP_M2)
    .map((row) => ({
      layer: "block",
      id: Number(row.id),
      name: String(row.name),
      nameEn: String(row.name),
      overlapM2: Number(row.overlap_m2),
      targetAreaM2: Number(row.target_m2),
      level: String(row.level),
      status: String(row.status),
      parkId: Number(row.park_id),
    }));
}

export type BlockOverlapStore = ReturnType<typeof blockOverlapStore>;
