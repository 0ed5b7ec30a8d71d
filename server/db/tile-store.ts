import type { Feature, FeatureCollection } from "geojson";
import type { Knex } from "knex";
import {
  BLOCK_POINTS_LAYER,
  OVERVIEW_BELOW_ZOOM,
  OVERVIEW_SIMPLIFY_TILE_UNITS,
  POINT_BELOW_PX,
  pointCellTileUnits,
  TILE_SIZE_PX,
} from "../tiles/overview.js";
import type { DatabaseKind } from "./connect.js";
import { asGeoJsonSql, STORAGE_SRID, WEB_MERCATOR_SRID } from "./geometry.js";
import { refreshZgcUnion } from "./kept-unions.js";

/**
 * Vector-tile layers the server renders: blocks (all statuses; the style filters), reference zones, and one
 * label point per block (so the map names blocks without downloading them all).
 */
export const TILE_LAYERS = ["blocks", "zones", "block-labels"] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];
/**
 * The tiles' layer of the Zhongguancun range (the kept union of the national blocks not ended, kept-unions.ts):
 * drawn from the tiles, so the first view downloads no GeoJSON of it (~2.5 MB at 200,000 blocks; issue #16).
 * One feature with ZGC_TILE_PROPERTIES. The union changes only with a block write, which bumps the blocks data
 * version: a tile kept under a data version (vector-tiles.ts) never shows an older union than that version's.
 */
export const ZGC_TILE_LAYER = "zgc";
export const ZGC_TILE_PROPERTIES = { kind: "zgc", name: "中关村示范区" } as const;

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/**
 * Below zoom 12 polygons are simplified to half a screen pixel of a 512-px tile (4 of the 4,096 tile units):
 * what shows is unchanged, and at the overview zooms (a z8 tile over Beijing holds ~10,000 blocks at 20k) a
 * block's 20–40 vertices drop to a handful, halving the tile's bytes and ST_AsMVT time (issue #16).
 */
export const SIMPLIFY_TILE_UNITS = 4;
export const SIMPLIFY_BELOW_ZOOM = 12;
/** Block names show from this zoom (the client's BLOCK_LABEL.minZoom): lower tiles carry no label points. */
export const LABEL_MIN_ZOOM = 9;
/**
 * The column of a block layer's rows that ST_AsMVT writes as each feature's MVT id (and not as a property):
 * the block id, which the map's feature state (selection) and picking read (the style has no promoteId).
 */
export const FEATURE_ID_COLUMN = "featureId";

const BLOCK_COLUMNS = `b.id, b.code, b.name, b.level, b.status, b.park_id as "parkId", p.name as "parkName",
      b.area_m2 / 1e6 as "areaKm2", b.version`;

/** The overview tiles' block columns: the feature id and OVERVIEW_PROPERTIES (the Node tiler keeps the same tags). */
const OVERVIEW_COLUMNS = `b.id as "${FEATURE_ID_COLUMN}", b.level, b.status`;

const LAYER_SQL: Record<TileLayer, { columns: string; from: string; geometry: string; mercator: string }> = {
  blocks: {
    columns: `b.id as "${FEATURE_ID_COLUMN}", ${BLOCK_COLUMNS}`,
    from: "blocks b join parks p on p.id = b.park_id",
    geometry: "b.geom",
    mercator: "b.geom_mercator",
  },
  zones: {
    columns: `b.id, b.code, b.kind, b.name, b.name_en as "nameEn", b.area_m2 / 1e6 as "areaKm2"`,
    from: "zones b",
    geometry: "b.geom",
    mercator: "b.geom_mercator",
  },
  "block-labels": {
    columns: `${BLOCK_COLUMNS}, b.label_min_zoom as "labelMinZoom"`,
    from: "blocks b join parks p on p.id = b.park_id",
    geometry: "b.label_point",
    // Kept by the write trigger (migration 20261202_03): no tile calls PROJ.
    mercator: "b.label_point_mercator",
  },
};

/**
 * Tiles and the data they are made from. Real PostGIS renders a tile with ST_AsMVT; the embedded database
 * has no ST_AsMVT, so it hands whole layers to the Node tiler (server/tiles/).
 */
export function tileStore(knex: Knex, kind: DatabaseKind) {
  /**
   * Changes whenever a block or zone is written: part of tile URLs, so edits show at once. One row read: the
   * counters are bumped by statement triggers inside the writing transaction (migration 07), so a reader sees a
   * new number only together with the committed data.
   */
  async function dataVersion(): Promise<string> {
    const result = await knex.raw("select name, version from data_versions order by name");
    return (result.rows as { name: string; version: number | string }[])
      .map((row) => `${row.name[0]}${row.version}`)
      .join(".");
  }

  /**
   * The per-table counters (blocks, zones) and the Zhongguancun union's generation (bumped by the national
   * blocks' writes, kept-unions.ts), for the Node tiler to see which layer changed.
   */
  async function versions(): Promise<Record<"blocks" | "zones" | "zgc", string>> {
    const result = await knex.raw(
      `select name, version from data_versions
       union all select 'zgc', generation from kept_layers where id = 'zgc'`,
    );
    const found = new Map(
      (result.rows as { name: string; version: number }[]).map((r) => [r.name, r.version]),
    );
    return {
      blocks: String(found.get("blocks") ?? 0),
      zones: String(found.get("zones") ?? 0),
      zgc: String(found.get("zgc") ?? 0),
    };
  }

  /** One rebuild of a stale Zhongguancun union at a time in this process (concurrent tiles share it). */
  let zgcRefresh: Promise<void> | undefined;
  async function freshZgcUnion(): Promise<void> {
    const kept = await knex.raw(
      "select built_generation < generation as stale from kept_layers where id = 'zgc'",
    );
    if (!kept.rows[0]?.stale) return;
    zgcRefresh ??= refreshZgcUnion(knex).finally(() => {
      zgcRefresh = undefined;
    });
    await zgcRefresh;
  }

  /**
   * The Zhongguancun union as one feature (lon/lat) for the Node tiler, rebuilt first if stale, with the
   * generation it was built from (compare with versions().zgc).
   */
  async function zgcUnion(): Promise<{ generation: string; collection: FeatureCollection }> {
    await freshZgcUnion();
    const result = await knex.raw("select geojson, built_generation from kept_layers where id = 'zgc'");
    const row = result.rows[0] as { geojson: string | null; built_generation: number } | undefined;
    // No national block in force: no union, and no feature.
    const features: Feature[] = row?.geojson
      ? [{ type: "Feature", geometry: JSON.parse(row.geojson), properties: { ...ZGC_TILE_PROPERTIES } }]
      : [];
    return {
      generation: String(row?.built_generation ?? 0),
      collection: { type: "FeatureCollection", features },
    };
  }

  /**
   * One tile with every layer, rendered by PostGIS (PostgreSQL only) from the Web-Mercator copies kept on write
   * (migration 19): each polygon is clipped to the tile and its buffer and, below zoom 12, simplified to half a
   * pixel (SIMPLIFY_TILE_UNITS), so a 1,000-vertex zone costs what shows in the tile; no geometry is transformed
   * but the part of the Zhongguancun union in the tile (zgcPart).
   */
  async function mvt(z: number, x: number, y: number): Promise<Uint8Array> {
    if (kind !== "postgresql") throw new Error("ST_AsMVT needs a PostgreSQL + PostGIS server");
    const margin = TILE_BUFFER / TILE_EXTENT;
    const overview = z < OVERVIEW_BELOW_ZOOM;
    const layers = TILE_LAYERS.filter(
      (layer) => (layer !== "block-labels" || z >= LABEL_MIN_ZOOM) && !(overview && layer === "blocks"),
    );
    const parts = layers.map((layer) => {
      const { columns, from, mercator } = LAYER_SQL[layer];
      const geometry = layer === "block-labels" ? mercator : clippedSql(mercator);
      // A label shows once its block is wide enough (labelMinZoom); a z tile is drawn up to zoom z + 1.
      const where = layer === "block-labels" ? `and b.label_min_zoom <= ${z + 1}` : "";
      const featureId = layer === "blocks" ? `, '${FEATURE_ID_COLUMN}'` : "";
      return `(select coalesce(ST_AsMVT(q, '${layer}', ${TILE_EXTENT}, 'geom'${featureId}), ''::bytea) from (
         select ${columns}, ST_AsMVTGeom(${geometry}, t.envelope, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           from ${from}, t
          where b.geom_mercator && t.search ${where}) q where q.geom is not null)`;
    });
    if (overview) parts.unshift(...overviewBlockParts());
    parts.push(zgcPart());
    await freshZgcUnion();
    const render = async (selected: string[]): Promise<Buffer> => {
      const result = await knex.raw(
        `with t as materialized (
           select e as envelope, ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * ${margin}) as search,
                  (ST_XMax(e) - ST_XMin(e)) / ${TILE_EXTENT} * ${SIMPLIFY_TILE_UNITS} as tolerance_m,
                  (ST_XMax(e) - ST_XMin(e)) / ${TILE_EXTENT} * ${OVERVIEW_SIMPLIFY_TILE_UNITS} as overview_tolerance_m,
                  (ST_XMax(e) - ST_XMin(e)) / ${TILE_SIZE_PX} * ${POINT_BELOW_PX} as point_below_m
             from (select ST_TileEnvelope(?, ?, ?) as e) e)
         select ${selected.join(" || ")} as tile`,
        [z, x, y],
      );
      return result.rows[0].tile as Buffer;
    };
    // An MVT is its layers one after the other, so an overview tile's layers (one tile holds the whole city:
    // at 200,000 blocks the z7 tile is ~12 s of one core) are rendered by one statement each, side by side on
    // the pool's connections, and joined. A write committed meanwhile may be in some layers only: the tile is
    // kept under the version read before it (vector-tiles.ts), which that write has made old.
    if (!overview) return new Uint8Array(await render(parts));
    return new Uint8Array(Buffer.concat(await Promise.all(parts.map((part) => render([part])))));

    /**
     * Overview tiles (server/tiles/overview.ts): the blocks under POINT_BELOW_PX as their label points in their
     * own layer, the others simplified to a pixel; both with the overview properties only (no park join).
     */
    function overviewBlockParts(): string[] {
      const columns = OVERVIEW_COLUMNS;
      // The larger side of the block's box (read from the geometry's header: no vertex is visited).
      const extent = `greatest(ST_XMax(b.geom_mercator) - ST_XMin(b.geom_mercator),
                               ST_YMax(b.geom_mercator) - ST_YMin(b.geom_mercator))`;
      const polygon = `ST_Simplify(ST_ClipByBox2D(b.geom_mercator, t.search::box2d), t.overview_tolerance_m, true)`;
      // Larger blocks first: a smaller one is drawn over them and picked first (it carries no area).
      const part = (name: string, geometry: string, where: string) =>
        `(select coalesce(ST_AsMVT(q, '${name}', ${TILE_EXTENT}, 'geom', '${FEATURE_ID_COLUMN}'), ''::bytea) from (
           select ${columns}, ST_AsMVTGeom(${geometry}, t.envelope, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
             from blocks b, t
            where b.geom_mercator && t.search and ${where}
            order by b.area_m2 desc, b.id) q where q.geom is not null)`;
      // The dots: one per POINT_CELL_PX cell of the tile and (level, status), the cell's largest block
      // (onePointPerCell in the Node tiler), then larger first as above.
      const cell = pointCellTileUnits(TILE_EXTENT);
      const dots = `(select coalesce(ST_AsMVT(q, '${BLOCK_POINTS_LAYER}', ${TILE_EXTENT}, 'geom', '${FEATURE_ID_COLUMN}'), ''::bytea) from (
           select "${FEATURE_ID_COLUMN}", level, status, geom from (
             select distinct on (d.level, d.status, floor(ST_X(d.geom) / ${cell}), floor(ST_Y(d.geom) / ${cell})) d.*
               from (select ${columns}, b.area_m2,
                            ST_AsMVTGeom(b.label_point_mercator, t.envelope, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
                       from blocks b, t
                      where b.geom_mercator && t.search and ${extent} < t.point_below_m) d
              where d.geom is not null
              order by d.level, d.status, floor(ST_X(d.geom) / ${cell}), floor(ST_Y(d.geom) / ${cell}),
                       d.area_m2 desc, d."${FEATURE_ID_COLUMN}") kept
            order by area_m2 desc, "${FEATURE_ID_COLUMN}") q)`;
      return [part("blocks", polygon, `${extent} >= t.point_below_m`), dots];
    }

    /**
     * The kept Zhongguancun union (stored in lon/lat only): clipped to the tile and its buffer in lon/lat (a
     * Web-Mercator box is a lon/lat box), then only that part projected, so a tile transforms what it shows.
     */
    function zgcPart(): string {
      const projected = `ST_Transform(ST_ClipByBox2D(k.geom, s.area::box2d), ${WEB_MERCATOR_SRID})`;
      const geometry = z < SIMPLIFY_BELOW_ZOOM ? `ST_Simplify(${projected}, t.tolerance_m, true)` : projected;
      return `(select coalesce(ST_AsMVT(q, '${ZGC_TILE_LAYER}', ${TILE_EXTENT}, 'geom'), ''::bytea) from (
         select '${ZGC_TILE_PROPERTIES.kind}' as kind, '${ZGC_TILE_PROPERTIES.name}' as name,
                ST_AsMVTGeom(${geometry}, t.envelope, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           from t, (select ST_Transform(t.search, ${STORAGE_SRID}) as area from t) s, kept_layers k
          where k.id = 'zgc' and k.geom && s.area) q where q.geom is not null)`;
    }

    function clippedSql(column: string): string {
      const clipped = `ST_ClipByBox2D(${column}, t.search::box2d)`;
      return z < SIMPLIFY_BELOW_ZOOM ? `ST_Simplify(${clipped}, t.tolerance_m, true)` : clipped;
    }
  }

  /** A whole layer (or some blocks of it) as GeoJSON (lon/lat) for the Node tiler. */
  async function layerFeatures(layer: TileLayer, ids?: number[]): Promise<FeatureCollection> {
    const where = ids ? `where b.id in (${ids.map(() => "?").join(", ") || "null"})` : "";
    const { columns, from, geometry } = LAYER_SQL[layer];
    const result = await knex.raw(
      `select ${columns}, ${asGeoJsonSql(geometry)} as geojson from ${from} ${where} order by b.id`,
      ids ?? [],
    );
    return {
      type: "FeatureCollection",
      features: result.rows.map(
        ({
          geojson,
          [FEATURE_ID_COLUMN]: _featureId,
          ...properties
        }: { geojson: string } & Record<string, unknown>) => ({
          type: "Feature",
          id: properties.id as number,
          geometry: JSON.parse(geojson),
          properties,
        }),
      ),
    };
  }

  async function blockVersions(): Promise<Map<number, number>> {
    const result = await knex.raw("select id, version from blocks");
    return new Map((result.rows as { id: number; version: number }[]).map((row) => [row.id, row.version]));
  }

  return { dataVersion, versions, zgcUnion, mvt, layerFeatures, blockVersions };
}

export type TileStore = ReturnType<typeof tileStore>;
