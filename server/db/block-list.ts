import type { MultiPolygon } from "geojson";
import type { Knex } from "knex";
import { BLOCK_LEVELS, BLOCK_STATUSES, type BlockLevel, type BlockStatus } from "../domain/block.js";
import { M2_PER_HECTARE, M2_PER_KM2 } from "../domain/units.js";
import { envelopeSql } from "./geometry.js";

/**
 * Block lists at Beijing scale (issue #16 item 5): what the map and the search need without downloading every
 * block — a box, a text, pages by id, only some fields, coordinates to a chosen number of decimals — and the
 * layer catalogue's counts from one `group by`.
 */
export const BLOCK_LIST_FIELDS = [
  "code",
  "name",
  "parkId",
  "parkCode",
  "parkName",
  "level",
  "status",
  "version",
  "areaKm2",
  "areaHectares",
  "attributes",
  "createdAt",
  "createdBy",
  "updatedAt",
  "updatedBy",
  "geometry",
] as const;
export type BlockListField = (typeof BLOCK_LIST_FIELDS)[number];

export interface BlockListQuery {
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
  /** Only these blocks (the on-demand detail of blocks the map shows from tiles). */
  ids?: readonly number[];
  /** [west, south, east, north] in lon/lat: blocks that intersect it. */
  bbox?: [number, number, number, number];
  /** Text in the name, the code or the sub-park's name (case-insensitive), as the search box matches. */
  text?: string;
  /** Page size; absent → every matching block. */
  limit?: number;
  /** Only blocks with a larger id (the previous page's `nextCursor`). */
  afterId?: number;
  /** Properties (and `geometry`) to return; absent → all. `id` is always returned. */
  fields?: readonly BlockListField[];
  /** Decimals of the coordinates, 0..9 (9 ≈ 0.1 mm). */
  precision: number;
}

export interface BlockListPage {
  features: {
    type: "Feature";
    id: number;
    geometry: MultiPolygon | null;
    properties: Record<string, unknown> & { id: number };
  }[];
  /** The id to pass as `cursor` for the next page; null on the last page. */
  nextCursor: number | null;
}

export interface BlockExtent {
  count: number;
  /** [west, south, east, north] in lon/lat; null when no block matched. */
  bbox: [number, number, number, number] | null;
}

export interface BlockCounts {
  total: number;
  byLevel: Record<BlockLevel, number>;
  byStatus: Record<BlockStatus, number>;
}

/** `%` and `_` in a user's text match themselves, not any characters. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Each property field as a SQL value of the feature's JSON, built in the database (issue #16: a sub-park's
 * properties-only list, 50 concurrent, spent its time making ~1,250 objects in node and serialising them again).
 * The values are those the node code made: km² and hectares divided from the stored m² (IEEE division, as in
 * units.ts), timestamps as ISO 8601 in UTC to the millisecond (JavaScript's toISOString; both truncate).
 */
const PROPERTY_SQL: Record<Exclude<BlockListField, "geometry">, string> = {
  code: "b.code",
  name: "b.name",
  parkId: "b.park_id",
  parkCode: "p.code",
  parkName: "p.name",
  level: "b.level",
  status: "b.status",
  version: "b.version",
  areaKm2: `b.area_m2 / ${M2_PER_KM2}::float8`,
  areaHectares: `b.area_m2 / ${M2_PER_HECTARE}::float8`,
  attributes: "b.attributes",
  createdAt: isoTimestampSql("b.created_at"),
  createdBy: "b.created_by",
  updatedAt: isoTimestampSql("b.updated_at"),
  updatedBy: "b.updated_by",
};

function isoTimestampSql(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** SQL: one block's Feature as json — `{type, id, geometry, properties: {id, …fields in the order asked}}`. */
function featureSql(fields: readonly BlockListField[]): string {
  const properties = fields.flatMap((field) =>
    field === "geometry" ? [] : [`'${field}', ${PROPERTY_SQL[field]}`],
  );
  const geometry = fields.includes("geometry") ? "ST_AsGeoJSON(b.geom, ?, 0)::json" : "null::json";
  return `json_build_object('type', 'Feature', 'id', b.id, 'geometry', ${geometry},
            'properties', json_build_object('id', b.id${properties.map((p) => `, ${p}`).join("")}))`;
}

/** The filters an extent takes (the list's, without text, pages or fields). */
export type BlockExtentQuery = Pick<BlockListQuery, "parkId" | "level" | "status" | "ids">;

function whereFilters(select: Knex.QueryBuilder, query: BlockExtentQuery): void {
  if (query.parkId !== undefined) select.where("b.park_id", query.parkId);
  if (query.level) select.where("b.level", query.level);
  if (query.status) select.where("b.status", query.status);
  if (query.ids) select.whereIn("b.id", [...query.ids]);
}

export function blockListStore(knex: Knex) {
  /**
   * The page as the response's JSON text (a FeatureCollection with `nextCursor`), aggregated in the database
   * from the matching rows (one row back, one string: nothing parsed or serialised again in node). Only the
   * columns the fields ask for are read.
   */
  async function pageJson(query: BlockListQuery): Promise<string> {
    const fields = query.fields ?? BLOCK_LIST_FIELDS;
    const select = knex("blocks as b").join("parks as p", "p.id", "b.park_id");
    const geometryBindings = fields.includes("geometry") ? [query.precision] : [];
    select.select("b.id", knex.raw(`${featureSql(fields)} as feature`, geometryBindings));
    whereFilters(select, query);
    if (query.bbox) {
      const box = envelopeSql(knex, query.bbox);
      select.whereRaw("b.geom && ? and ST_Intersects(b.geom, ?)", [box, box]);
    }
    if (query.text) {
      const pattern = likePattern(query.text);
      select.whereRaw(
        "(b.name ilike ? escape '\\' or b.code ilike ? escape '\\' or p.name ilike ? escape '\\')",
        [pattern, pattern, pattern],
      );
    }
    if (query.afterId !== undefined) select.where("b.id", ">", query.afterId);
    select.orderBy("b.id");
    // One more than the page: whether there is a next page.
    if (query.limit !== undefined) select.limit(query.limit + 1);
    const limit = query.limit ?? null;
    const result = await knex.raw(
      `select json_build_object(
                'type', 'FeatureCollection',
                'features', coalesce(json_agg(r.feature order by r.id)
                                       filter (where ?::int is null or r.n <= ?::int), '[]'),
                'nextCursor', case when ?::int is not null and count(*) > ?::int
                                   then max(r.id) filter (where r.n <= ?::int) end)::text as page
         from (select q.*, row_number() over (order by q.id) as n from ? q) r`,
      [limit, limit, limit, limit, limit, select],
    );
    return result.rows[0].page as string;
  }

  /** How many blocks of each level and status (optionally one park's), from one `group by`. */
  async function counts(parkId?: number): Promise<BlockCounts> {
    const query = knex("blocks").select("level", "status").count("* as count").groupBy("level", "status");
    if (parkId !== undefined) query.where("park_id", parkId);
    const rows = (await query) as { level: BlockLevel; status: BlockStatus; count: number | string }[];
    const result: BlockCounts = {
      total: 0,
      byLevel: Object.fromEntries(BLOCK_LEVELS.map((level) => [level, 0])) as Record<BlockLevel, number>,
      byStatus: Object.fromEntries(BLOCK_STATUSES.map((status) => [status, 0])) as Record<
        BlockStatus,
        number
      >,
    };
    for (const row of rows) {
      const count = Number(row.count);
      result.total += count;
      result.byLevel[row.level] += count;
      result.byStatus[row.status] += count;
    }
    return result;
  }

  /**
   * The lon/lat box [west, south, east, north] around the chosen blocks, and how many there are: what the map
   * zooms to (a block, a sub-park, a report's rows) without downloading their geometry. One ST_Extent.
   */
  async function extent(query: BlockExtentQuery): Promise<BlockExtent> {
    const select = knex("blocks as b").select(
      knex.raw("count(*) as count, ST_Extent(b.geom)::geometry as box"),
    );
    whereFilters(select, query);
    const result = await knex.raw(
      `select s.count, ST_XMin(s.box) as west, ST_YMin(s.box) as south, ST_XMax(s.box) as east,
              ST_YMax(s.box) as north from (${select.toQuery()}) s`,
    );
    const row = result.rows[0];
    const count = Number(row.count);
    return {
      count,
      bbox: count === 0 ? null : [Number(row.west), Number(row.south), Number(row.east), Number(row.north)],
    };
  }

  return { pageJson, counts, extent };
}
