import type { FeatureCollection } from "geojson";
import type { Knex } from "knex";
import type { DatabaseKind } from "./connect.js";
import { asGeoJsonSql, STORAGE_SRID, WEB_MERCATOR_SRID } from "./geometry.js";

/** Vector-tile layers the server renders: blocks (all statuses; the style filters) and reference zones. */
export const TILE_LAYERS = ["blocks", "zones"] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

const LAYER_SQL: Record<TileLayer, { columns: string; from: string }> = {
  blocks: {
    columns: `b.id, b.code, b.name, b.level, b.status, b.park_id as "parkId", p.name as "parkName",
      b.area_m2 / 1e6 as "areaKm2", b.version`,
    from: "blocks b join parks p on p.id = b.park_id",
  },
  zones: {
    columns: `b.id, b.code, b.kind, b.name, b.name_en as "nameEn", b.area_m2 / 1e6 as "areaKm2"`,
    from: "zones b",
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

  /** The per-table counters (blocks, zones), for the Node tiler to see which layer changed. */
  async function versions(): Promise<Record<TileLayer, string>> {
    const result = await knex.raw("select name, version from data_versions");
    const found = new Map(
      (result.rows as { name: string; version: number }[]).map((r) => [r.name, r.version]),
    );
    return { blocks: String(found.get("blocks") ?? 0), zones: String(found.get("zones") ?? 0) };
  }

  /**
   * One tile with every layer, rendered by PostGIS (PostgreSQL only). Each geometry is first clipped in lon/lat
   * to the tile and its buffer (a Web Mercator tile is a lon/lat rectangle, so the box is exact) and, below
   * zoom 12, simplified to a quarter of a tile unit: a 1,000-vertex zone costs what shows in the tile, not its
   * whole outline, before the transform and ST_AsMVTGeom.
   */
  async function mvt(z: number, x: number, y: number): Promise<Uint8Array> {
    if (kind !== "postgresql") throw new Error("ST_AsMVT needs a PostgreSQL + PostGIS server");
    const margin = TILE_BUFFER / TILE_EXTENT;
    const parts = TILE_LAYERS.map(
      (layer) => `(select coalesce(ST_AsMVT(q, '${layer}', ${TILE_EXTENT}, 'geom'), ''::bytea) from (
         select ${LAYER_SQL[layer].columns},
                ST_AsMVTGeom(ST_Transform(${clippedSql("b.geom")}, ${WEB_MERCATOR_SRID}), t.envelope,
                             ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           from ${LAYER_SQL[layer].from}, t
          where b.geom && t.search) q where q.geom is not null)`,
    );
    const result = await knex.raw(
      `with t as materialized (
         select e as envelope, s.search, (ST_XMax(s.search) - ST_XMin(s.search)) / ${TILE_EXTENT} / 4 as unit_deg
           from (select e, ST_Transform(ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * ${margin}), ${STORAGE_SRID})::box2d::geometry as search
                   from (select ST_TileEnvelope(?, ?, ?) as e) e) s)
       select ${parts.join(" || ")} as tile`,
      [z, x, y],
    );
    return new Uint8Array(result.rows[0].tile as Buffer);

    function clippedSql(column: string): string {
      const clipped = `ST_ClipByBox2D(${column}, t.search::box2d)`;
      return z < 12 ? `ST_Simplify(${clipped}, t.unit_deg, true)` : clipped;
    }
  }

  /** A whole layer (or some blocks of it) as GeoJSON (lon/lat) for the Node tiler. */
  async function layerFeatures(layer: TileLayer, ids?: number[]): Promise<FeatureCollection> {
    const where = ids ? `where b.id in (${ids.map(() => "?").join(", ") || "null"})` : "";
    const result = await knex.raw(
      `select ${LAYER_SQL[layer].columns}, ${asGeoJsonSql("b.geom")} as geojson from ${LAYER_SQL[layer].from}
        ${where} order by b.id`,
      ids ?? [],
    );
    return {
      type: "FeatureCollection",
      features: result.rows.map(
        ({ geojson, ...properties }: { geojson: string } & Record<string, unknown>) => ({
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

  return { dataVersion, versions, mvt, layerFeatures, blockVersions };
}

export type TileStore = ReturnType<typeof tileStore>;
