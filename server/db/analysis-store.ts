import type { Knex } from "knex";
import type { OverlapFact } from "../domain/analysis-report.js";
import { type GkZone, gkZoneForLongitude } from "../domain/crs.js";
import { ellipsoidalAreaM2Sql, gkSrid } from "./geometry.js";
import { ENDED_STATUSES_SQL } from "./status-sql.js";

/** Measures of one geometry: ellipsoidal (stored, compared) and Gauss-Krüger plane (shown beside it). */
export interface Measures {
  areaM2: number;
  perimeterM: number;
  parts: number;
  planarAreaM2: number;
  gkZone: GkZone;
  planarSrid: number;
  /** Nearest-neighbour gap of each part to the closest other part, in metres (empty for one part). */
  partGapsM: number[];
}

/** Overlaps smaller than this (m²) are boundary contact, not overlap (floating-point residue). */
const MIN_OVERLAP_M2 = 0.01;

/**
 * Spatial analysis queries (DOMAIN.md §3, §5, §7). Every query takes the geometry as a SQL expression (a knex
 * Raw) so the same code serves a posted geometry and a stored block.
 */
export function analysisStore(knex: Knex) {
  async function measure(geometry: Knex.Raw): Promise<Measures> {
    const centroid = await knex.raw("select ST_X(ST_Centroid(g)) as lng from (select ? as g) s", [geometry]);
    const gkZone = gkZoneForLongitude(centroid.rows[0].lng);
    const planarSrid = gkSrid(gkZone.zone);
    const result = await knex.raw(
      `select ${ellipsoidalAreaM2Sql("g")} as area_m2, ST_Perimeter(g::geography) as perimeter_m,
              ST_NumGeometries(g) as parts, ST_Area(ST_Transform(g, ${planarSrid})) as planar_m2,
              (select coalesce(array_agg(gap order by n), '{}') from (
                 select a.n, min(ST_Distance(a.part::geography, b.part::geography)) as gap
                   from (select n, ST_GeometryN(g, n) as part from generate_series(1, ST_NumGeometries(g)) n) a
                   join (select n, ST_GeometryN(g, n) as part from generate_series(1, ST_NumGeometries(g)) n) b
                     on a.n <> b.n
                  group by a.n) gaps) as gaps_m
         from (select ST_Multi(?) as g) s`,
      [geometry],
    );
    const row = result.rows[0];
    return {
      areaM2: row.area_m2,
      perimeterM: row.perimeter_m,
      parts: Number(row.parts),
      planarAreaM2: row.planar_m2,
      gkZone,
      planarSrid,
      partGapsM: (row.gaps_m as number[]).map(Number),
    };
  }

  /**
   * Every reference zone and every live block (except `excludeBlockId`) the geometry overlaps. Zones are
   * intersected through their subdivided parts; `zoneSource: "whole"` is the naive baseline for benchmarks.
   */
  async function overlaps(
    geometry: Knex.Raw,
    excludeBlockId?: number,
    zoneSource: ZoneSource = "parts",
  ): Promise<OverlapFact[]> {
    const zones = await knex.raw(
      `select z.id, z.kind as layer, z.name, z.name_en, z.area_m2 as target_m2,
              sum(${overlapAreaSql("s.g", "s.area_m2", "p.geom", zoneSource)}) as overlap_m2
         from (select g, ${ellipsoidalAreaM2Sql("g")} as area_m2 from (select ? as g) i) s
         join ${zonePartsSql(zoneSource)} p on p.geom && s.g and ST_Intersects(p.geom, s.g)
         join zones z on z.id = p.zone_id
        group by z.id, z.kind, z.name, z.name_en, z.area_m2
        order by z.kind, z.id`,
      [geometry],
    );
    const blocks = await knex.raw(
      `select b.id, 'block' as layer, b.name, b.name as name_en, b.area_m2 as target_m2, b.level, b.status,
              b.park_id, ${ellipsoidalAreaM2Sql("ST_Intersection(s.g, b.geom)")} as overlap_m2
         from (select ? as g) s
         join blocks b on b.geom && s.g and ST_Intersects(b.geom, s.g)
        where b.status not in (${ENDED_STATUSES_SQL}) and b.id <> ?
        order by b.id`,
      [geometry, excludeBlockId ?? -1],
    );
    return [...zones.rows, ...blocks.rows]
      .filter((row) => row.overlap_m2 > MIN_OVERLAP_M2)
      .map((row) => ({
        layer: row.layer,
        id: row.id,
        name: row.name,
        nameEn: row.name_en,
        overlapM2: row.overlap_m2,
        targetAreaM2: row.target_m2,
        ...(row.level ? { level: row.level, status: row.status, parkId: row.park_id } : {}),
      }));
  }

  /** Area of the geometry inside the Zhongguancun Demonstration Zone (union of live national blocks). */
  async function insideZgcM2(geometry: Knex.Raw, excludeBlockId?: number): Promise<number> {
    const result = await knex.raw(
      `select coalesce(${ellipsoidalAreaM2Sql("ST_Intersection(s.g, u.zgc)")}, 0) as inside_m2
         from (select ? as g) s,
         lateral (select ST_Union(b.geom) as zgc from blocks b
                   where b.level = 'national' and b.status not in (${ENDED_STATUSES_SQL}) and b.id <> ?
                     and b.geom && s.g and ST_Intersects(b.geom, s.g)) u`,
      [geometry, excludeBlockId ?? -1],
    );
    return Number(result.rows[0]?.inside_m2 ?? 0);
  }

  /**
   * The geometry of a stored block as a SQL expression. Synchronous on purpose: a knex Raw is thenable, so an
   * async function returning one would run it.
   */
  function blockGeometry(blockId: number): Knex.Raw {
    return knex.raw("(select geom from blocks where id = ?)", [blockId]);
  }

  /**
   * Recomputes the overlap of every live block with every zone, and each block's share of its park, in one
   * pass (the batch the benchmark times). Returns totals so the work cannot be skipped.
   */
  async function recomputeAllOverlaps(zoneSource: ZoneSource = "parts") {
    const result = await knex.raw(
      `with pairs as (
         select b.id as block_id, p.zone_id, ${overlapAreaSql("b.geom", "b.area_m2", "p.geom", zoneSource)} as overlap_m2
           from blocks b join ${zonePartsSql(zoneSource)} p on p.geom && b.geom and ST_Intersects(p.geom, b.geom)
          where b.status not in (${ENDED_STATUSES_SQL})),
       shares as (
         select b.id, b.area_m2 / nullif(sum(b.area_m2) over (partition by b.park_id), 0) as share_of_park
           from blocks b where b.status not in (${ENDED_STATUSES_SQL}))
       select (select count(distinct (block_id, zone_id)) from pairs where overlap_m2 > ${MIN_OVERLAP_M2}) as pairs,
              (select coalesce(sum(overlap_m2), 0) from pairs) as overlap_m2,
              (select coalesce(sum(share_of_park), 0) from shares) as share_sum`,
    );
    const row = result.rows[0];
    return { pairs: Number(row.pairs), overlapM2: Number(row.overlap_m2), shareSum: Number(row.share_sum) };
  }

  return { measure, overlaps, insideZgcM2, blockGeometry, recomputeAllOverlaps };
}

/**
 * Ellipsoidal area of `geometry` ∩ `zonePart`. With subdivided parts a block usually lies wholly in one part:
 * then the overlap is the block's own area (known), and the overlay is skipped. The naive baseline always
 * intersects.
 */
function overlapAreaSql(
  geometry: string,
  geometryAreaM2: string,
  zonePart: string,
  source: ZoneSource,
): string {
  const intersected = ellipsoidalAreaM2Sql(`ST_Intersection(${geometry}, ${zonePart})`);
  return source === "parts"
    ? `case when ST_CoveredBy(${geometry}, ${zonePart}) then ${geometryAreaM2} else ${intersected} end`
    : intersected;
}

/** Where zone geometry comes from: the subdivided parts (fast) or the whole zones (naive baseline). */
export type ZoneSource = "parts" | "whole";

function zonePartsSql(source: ZoneSource): string {
  return source === "parts" ? "zone_parts" : "(select id as zone_id, geom from zones)";
}

export type AnalysisStore = ReturnType<typeof analysisStore>;
