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
  /** Changes whenever a block or zone is written: part of tile URLs and ETags, so edits show at once. */
  async function dataVersion(): Promise<string> {
    const result = await knex.raw(
      `select (select count(*) from blocks) as blocks, (select coalesce(max(updated_at), 'epoch'::timestamptz) from blocks) as blocks_at,
              (select count(*) from zones) as zones, (select coalesce(max(updated_at), 'epoch'::timestamptz) from zones) as zones_at`,
    );
    const row = result.rows[0];
    const stamp = (value: unknown) => new Date(value as string).getTime();
    return `${row.blocks}.${stamp(row.blocks_at)}.${row.zones}.${stamp(row.zones_at)}`;
  }

  /** One tile with every layer, rendered by PostGIS (PostgreSQL only). */
  async function mvt(z: number, x: number, y: number): Promise<Uint8Array> {
    if (kind !== "postgresql") throw new Error("ST_AsMVT needs a PostgreSQL + PostGIS server");
    const margin = TILE_BUFFER / TILE_EXTENT;
    const parts = TILE_LAYERS.map(
      (layer) => `(select coalesce(ST_AsMVT(q, '${layer}', ${TILE_EXTENT}, 'geom'), ''::bytea) from (
         select ${LAYER_SQL[layer].columns},
                ST_AsMVTGeom(ST_Transform(b.geom, ${WEB_MERCATOR_SRID}), t.envelope, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           from ${LAYER_SQL[layer].from}, t
          where b.geom && t.search) q where q.geom is not null)`,
    );
    const result = await knex.raw(
      `with t as (select e as envelope,
                         ST_Transform(ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * ${margin}), ${STORAGE_SRID}) as search
                    from (select ST_TileEnvelope(?, ?, ?) as e) s)
       select ${parts.join(" || ")} as tile`,
      [z, x, y],
    );
    return new Uint8Array(result.rows[0].tile as Buffer);
  }

  /** A whole layer as GeoJSON (lon/lat) for the Node tiler. */
  async function layerFeatures(layer: TileLayer): Promise<FeatureCollection> {
    const result = await knex.raw(
      `select ${LAYER_SQL[layer].columns}, ${asGeoJsonSql("b.geom")} as geojson from ${LAYER_SQL[layer].from} order by b.id`,
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

  return { dataVersion, mvt, layerFeatures };
}

export type TileStore = ReturnType<typeof tileStore>;
