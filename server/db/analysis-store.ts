import type { Knex } from "knex";
import type { OverlapFact } from "../domain/analysis-report.js";
import { GK_ZONE_BOUNDARY_LNG, type GkZone, gkZoneForLongitude } from "../domain/crs.js";
import { settingsInForce } from "../domain/settings.js";
import { ellipsoidalAreaM2Sql, gkSrid } from "./geometry.js";
import { type BlockShare, blockShareFactsSql, blockShareFromFacts } from "./park-share.js";
import { preparedRaw } from "./prepared.js";
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

/** Everything the analysis of one geometry needs from the database, from one round trip. */
export interface AnalysisFacts {
  measures: Measures;
  overlaps: OverlapFact[];
  insideZgcM2: number;
}

/**
 * Spatial analysis queries (DOMAIN.md §3, §5, §7). Every query takes the geometry as a SQL expression (a knex
 * Raw) so the same code serves a posted geometry and a stored block.
 */
export function analysisStore(knex: Knex) {
  /**
   * Measures, overlaps and the Zhongguancun split in one statement, of a bound geometry (GeoJSON literal or
   * EWKB). (A subselect once made the planner guess 1,000 × 1,000 rows for the part gaps and spend ~300 ms in
   * JIT per call; JIT is off on the app's connections since, and a stored block's analysis reads its geometry
   * inside the statement: analyseStoredBlock.)
   */
  async function analyse(geometry: Knex.Raw, excludeBlockId?: number): Promise<AnalysisFacts> {
    const facts = await analyseSource(
      "select ST_Multi(?) as g, null::integer as park_id, null::json as share, null::json as settings",
      geometry,
      excludeBlockId,
    );
    if (!facts) throw new Error("The analysis answered no row.");
    return facts.facts;
  }

  /**
   * The analysis of a bound geometry when PostGIS finds it valid (ST_IsValid, the test checkTopology makes with
   * ST_IsValidDetail), else undefined: the gate filters the statement's source row, so no overlay runs on an
   * invalid geometry (GEOS can throw, and on PGlite hang: STACK-NOTES), and a valid one costs no round trip of
   * its own (issue #14).
   */
  async function analyseIfValid(
    geometry: Knex.Raw,
    excludeBlockId?: number,
  ): Promise<AnalysisFacts | undefined> {
    const found = await analyseSource(
      `select g, null::integer as park_id, null::json as share, null::json as settings
         from (select ST_Multi(?) as g offset 0) v where ST_IsValid(g)`,
      geometry,
      excludeBlockId,
    );
    return found?.facts;
  }

  /**
   * A stored block's park, analysis (the block left out of its own overlaps) and share of its park in one
   * statement — the block's geometry, its share facts and the settings read inside it, not fetched first or on
   * other connections (issue #16: one connection per request instead of two under 50 clients) — or undefined
   * when there is no such block.
   */
  async function analyseStoredBlock(
    blockId: number,
  ): Promise<{ parkId: number; facts: AnalysisFacts; share: BlockShare } | undefined> {
    const found = await analyseSource(
      `select ST_Multi(stored.geom) as g, stored.park_id,
              (select row_to_json(f) from (${blockShareFactsSql("stored.id")}) f) as share,
              (select json_object_agg(key, value) from settings) as settings
         from blocks stored where stored.id = ?`,
      blockId,
      blockId,
    );
    if (!found) return undefined;
    const settings = settingsInForce(jsonValue(found.extra.settings) ?? {});
    const share = await blockShareFromFacts(knex, blockId, jsonValue(found.extra.share), settings);
    return { parkId: found.parkId, facts: found.facts, share };
  }

  /** The analysis of the geometry `source` selects (columns g, park_id, share, settings; at most one row). */
  async function analyseSource(
    source: string,
    sourceBinding: Knex.RawBinding,
    excludeBlockId?: number,
  ): Promise<{ parkId: number; facts: AnalysisFacts; extra: SourceExtra } | undefined> {
    const exclude = excludeBlockId ?? -1;
    const result = await preparedRaw(
      knex,
      `with s as materialized (
         select g, park_id, share, settings, ${ellipsoidalAreaM2Sql("g")} as area_m2,
                case when ST_X(ST_Centroid(g)) < ${GK_ZONE_BOUNDARY_LNG} then ${gkSrid(38)} else ${gkSrid(39)} end as srid
           from (${source}) i),
       parts as materialized (
         select p.n, p.part, p.gk, ST_Envelope(p.gk) as box
           from (select d.path[1] as n, d.geom as part, ST_Transform(d.geom, s.srid) as gk
                   from s, lateral ST_Dump(s.g) d where ST_NumGeometries(s.g) > 1) p),
       zone_hits as (${zoneOverlapsSql("parts")}),
       block_hits as (${blockOverlapsSql()})
       select s.park_id, ST_X(ST_Centroid(s.g)) as lng, s.area_m2, ST_Perimeter(s.g::geography) as perimeter_m,
              ST_NumGeometries(s.g) as parts, ST_Area(ST_Transform(s.g, s.srid)) as planar_m2,
              (${partGapsSql()}) as gaps_m,
              (select coalesce(json_agg(z order by z.layer, z.id), '[]') from zone_hits z) as zones,
              (select coalesce(json_agg(b order by b.id), '[]') from block_hits b) as blocks,
              (${insideZgcSql()}) as inside_m2, s.share, s.settings
         from s`,
      [sourceBinding, exclude, exclude],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const gkZone = gkZoneForLongitude(row.lng);
    return {
      parkId: row.park_id,
      extra: { share: row.share, settings: row.settings },
      facts: {
        measures: {
          areaM2: row.area_m2,
          perimeterM: row.perimeter_m,
          parts: Number(row.parts),
          planarAreaM2: row.planar_m2,
          gkZone,
          planarSrid: gkSrid(gkZone.zone),
          partGapsM: ((row.gaps_m ?? []) as number[]).map(Number),
        },
        overlaps: overlapFacts([...jsonRows(row.zones), ...jsonRows(row.blocks)]),
        insideZgcM2: Number(row.inside_m2 ?? 0),
      },
    };
  }

  async function measure(geometry: Knex.Raw): Promise<Measures> {
    return (await analyse(geometry)).measures;
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
    const exclude = excludeBlockId ?? -1;
    const result = await knex.raw(
      `with s as materialized (select g, ${ellipsoidalAreaM2Sql("g")} as area_m2 from (select ST_Multi(?) as g) i)
       select (select coalesce(json_agg(z), '[]') from (${zoneOverlapsSql(zoneSource)}) z) as zones,
              (select coalesce(json_agg(b), '[]') from (${blockOverlapsSql()}) b) as blocks`,
      [geometry, exclude],
    );
    return overlapFacts([...jsonRows(result.rows[0].zones), ...jsonRows(result.rows[0].blocks)]);
  }

  /** Area of the geometry inside the Zhongguancun Demonstration Zone (union of live national blocks). */
  async function insideZgcM2(geometry: Knex.Raw, excludeBlockId?: number): Promise<number> {
    const result = await knex.raw(
      `with s as materialized (select ST_Multi(?) as g) select (${insideZgcSql()}) as inside_m2 from s`,
      [geometry, excludeBlockId ?? -1],
    );
    return Number(result.rows[0]?.inside_m2 ?? 0);
  }

  /** A stored block's park and geometry (hex EWKB, to bind into the analysis), or undefined. */
  async function storedBlock(blockId: number): Promise<{ parkId: number; geometry: Knex.Raw } | undefined> {
    const result = await knex.raw(
      "select park_id, encode(ST_AsEWKB(geom), 'hex') as hex from blocks where id = ?",
      [blockId],
    );
    const row = result.rows[0];
    return row ? { parkId: row.park_id, geometry: knex.raw("?::geometry", [row.hex]) } : undefined;
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

  return {
    analyse,
    analyseIfValid,
    analyseStoredBlock,
    measure,
    overlaps,
    insideZgcM2,
    storedBlock,
    recomputeAllOverlaps,
  };
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

/** SQL over `s` (g, area_m2): each zone the geometry overlaps, with the overlap area. */
function zoneOverlapsSql(source: ZoneSource): string {
  return `select z.id, z.kind as layer, z.name, z.name_en, z.area_m2 as target_m2,
              sum(${overlapAreaSql("s.g", "s.area_m2", "p.geom", source)}) as overlap_m2
         from s join ${zonePartsSql(source)} p on p.geom && s.g and ST_Intersects(p.geom, s.g)
         join zones z on z.id = p.zone_id
        group by z.id, z.kind, z.name, z.name_en, z.area_m2`;
}

/** SQL over `s`: each live block (but the excluded one, the first `?`) the geometry overlaps. */
function blockOverlapsSql(): string {
  return `select b.id, 'block' as layer, b.name, b.name as name_en, b.area_m2 as target_m2, b.level, b.status,
              b.park_id, ${ellipsoidalAreaM2Sql("ST_Intersection(s.g, b.geom)")} as overlap_m2
         from s join blocks b on b.geom && s.g and ST_Intersects(b.geom, s.g)
        where b.status not in (${ENDED_STATUSES_SQL}) and b.id <> ?`;
}

/** SQL over `s`: the area inside the union of the live national blocks near it (but the excluded one). */
function insideZgcSql(): string {
  return `select coalesce(${ellipsoidalAreaM2Sql("ST_Intersection(s.g, ST_Union(b.geom))")}, 0)
            from blocks b
           where b.level = 'national' and b.status not in (${ENDED_STATUSES_SQL}) and b.id <> ?
             and b.geom && s.g and ST_Intersects(b.geom, s.g)`;
}

/**
 * SQL over `parts` (n, part, gk, box): each part's geodesic gap to its nearest other part, in part order. The
 * nearest is chosen by the plane distance in the Gauss-Krüger zone (the GK scale error is under 1e-4, far below
 * what could reorder neighbours), and only that one pair's geodesic distance is computed: 400 parts no longer
 * cost 160,000 geodesic distances (28 s before). Exact plane distances are bounded too (issue #15 item 3: they
 * were 160,000 polygon distances, 1.5 s on PGlite): the part with the nearest bounding box gives an upper bound
 * (its plane distance), and only parts whose box lies within that bound can be nearer — the box-to-box
 * distances (`<#>` of the envelopes) are cheap, the exact distances a handful per part.
 */
function partGapsSql(): string {
  return `select array_agg(n.gap order by a.n) from parts a,
          lateral (select ST_Distance(a.gk, b.gk) as bound_m from parts b
                    where b.n <> a.n order by a.box <#> b.box limit 1) u,
          lateral (select ST_Distance(a.part::geography, b.part::geography) as gap from parts b
                    where b.n <> a.n and (a.box <#> b.box) <= u.bound_m
                    order by ST_Distance(a.gk, b.gk) limit 1) n`;
}

/** What a source selects besides the geometry and park: a stored block's share facts and the settings (JSON). */
interface SourceExtra {
  share: unknown;
  settings: unknown;
}

/** A json column's value (PGlite may answer it as text). */
function jsonValue(value: unknown): Record<string, unknown> {
  return (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>;
}

function jsonRows(value: unknown): Record<string, unknown>[] {
  return (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>[];
}

function overlapFacts(rows: Record<string, unknown>[]): OverlapFact[] {
  return rows
    .filter((row) => Number(row.overlap_m2) > MIN_OVERLAP_M2)
    .map((row) => ({
      layer: String(row.layer),
      id: Number(row.id),
      name: String(row.name),
      nameEn: String(row.name_en),
      overlapM2: Number(row.overlap_m2),
      targetAreaM2: Number(row.target_m2),
      ...(row.level
        ? { level: String(row.level), status: String(row.status), parkId: Number(row.park_id) }
        : {}),
    }));
}
