import type { MultiPolygon } from "geojson";
import type { Knex } from "knex";
import { BLOCK_LEVELS, BLOCK_STATUSES, type BlockLevel, type BlockStatus } from "../domain/block.js";
import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
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

type Row = Record<string, unknown>;

/** Each property field: the columns it is read from and how its value is made from the row. */
const PROPERTY_FIELDS: Record<
  Exclude<BlockListField, "geometry">,
  { columns: string[]; read: (row: Row) => unknown }
> = {
  code: { columns: ["b.code"], read: (row) => row.code },
  name: { columns: ["b.name"], read: (row) => row.name },
  parkId: { columns: ["b.park_id"], read: (row) => row.park_id },
  parkCode: { columns: ["p.code as park_code"], read: (row) => row.park_code },
  parkName: { columns: ["p.name as park_name"], read: (row) => row.park_name },
  level: { columns: ["b.level"], read: (row) => row.level },
  status: { columns: ["b.status"], read: (row) => row.status },
  version: { columns: ["b.version"], read: (row) => row.version },
  areaKm2: { columns: ["b.area_m2"], read: (row) => m2ToKm2(Number(row.area_m2)) },
  areaHectares: { columns: ["b.area_m2"], read: (row) => m2ToHectares(Number(row.area_m2)) },
  attributes: { columns: ["b.attributes"], read: (row) => row.attributes },
  createdAt: { columns: ["b.created_at"], read: (row) => new Date(row.created_at as string).toISOString() },
  createdBy: { columns: ["b.created_by"], read: (row) => row.created_by },
  updatedAt: { columns: ["b.updated_at"], read: (row) => new Date(row.updated_at as string).toISOString() },
  updatedBy: { columns: ["b.updated_by"], read: (row) => row.updated_by },
};

/** The property fields asked for (`geometry` is selected as GeoJSON separately). */
function propertyFields(fields: readonly BlockListField[]) {
  return fields.flatMap((field) => (field === "geometry" ? [] : [[field, PROPERTY_FIELDS[field]] as const]));
}

function propertiesOf(
  row: Row,
  fields: ReturnType<typeof propertyFields>,
): Record<string, unknown> & { id: number } {
  const properties: Record<string, unknown> & { id: number } = { id: Number(row.id) };
  for (const [name, field] of fields) properties[name] = field.read(row);
  return properties;
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
  async function page(query: BlockListQuery): Promise<BlockListPage> {
    const fields = query.fields ?? BLOCK_LIST_FIELDS;
    const withGeometry = fields.includes("geometry");
    // Only the columns the fields ask for: a properties-only list of a sub-park (~1,250 blocks) no longer reads
    // and parses every block's attributes and timestamps (issue #16: 50 concurrent, p50 ≤ 300 ms).
    const properties = propertyFields(fields);
    const columns = ["b.id", ...new Set(properties.flatMap(([, field]) => field.columns))];
    const select = knex("blocks as b")
      .join("parks as p", "p.id", "b.park_id")
      .select(knex.raw(columns.join(", ")));
    if (withGeometry) select.select(knex.raw("ST_AsGeoJSON(b.geom, ?, 0) as geojson", [query.precision]));
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
    if (query.limit !== undefined) select.limit(query.limit + 1);
    const rows: Row[] = await select;
    const more = query.limit !== undefined && rows.length > query.limit;
    const kept = more ? rows.slice(0, query.limit) : rows;
    return {
      features: kept.map((row) => ({
        type: "Feature" as const,
        id: Number(row.id),
        geometry: withGeometry ? JSON.parse(row.geojson as string) : null,
        properties: propertiesOf(row, properties),
      })),
      nextCursor: more ? Number(kept[kept.length - 1].id) : null,
    };
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

  return { page, counts, extent };
}
