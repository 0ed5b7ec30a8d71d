import type { LineString, Polygon } from "geojson";
import type { Knex } from "knex";
import type { CutPiece } from "../domain/block-tools.js";
import { asGeoJsonSql, ellipsoidalAreaM2Sql, geometryFromGeoJson } from "./geometry.js";

/** The polygons of each part of a block after cutting it with `line` (a part the line misses is one piece). */
export async function cutPieces(
  trx: Knex.Transaction,
  blockId: number,
  line: LineString,
): Promise<CutPiece<Polygon>[]> {
  const result = await trx.raw(
    `with parts as (
       select d.path[1] as part_number, d.geom as part from blocks b, ST_Dump(b.geom) d where b.id = ?),
     pieces as (
       select part_number, (ST_Dump(ST_Split(part, ?))).geom as piece from parts)
     select part_number, ${asGeoJsonSql("piece")} as geojson, ${ellipsoidalAreaM2Sql("piece")} as area_m2
       from pieces where ST_GeometryType(piece) = 'ST_Polygon'
      order by part_number, area_m2 desc`,
    [blockId, geometryFromGeoJson(trx, line)],
  );
  return (result.rows as { part_number: number; geojson: string; area_m2: number }[]).map((row) => ({
    partNumber: Number(row.part_number),
    areaM2: Number(row.area_m2),
    geometry: JSON.parse(row.geojson) as Polygon,
  }));
}

/** The union of two blocks' boundaries as MultiPolygon GeoJSON text (lon/lat to 1e-9°). */
export async function unionGeoJson(
  trx: Knex.Transaction,
  firstId: number,
  secondId: number,
): Promise<string> {
  const result = await trx.raw(
    `select ${asGeoJsonSql("ST_Multi(ST_Union(a.geom, b.geom))")} as geojson
       from blocks a, blocks b where a.id = ? and b.id = ?`,
    [firstId, secondId],
  );
  return result.rows[0].geojson as string;
}

/** A version's restorable content (history rows keep no code), or undefined. */
export async function versionContent(trx: Knex.Transaction, blockId: number, version: number) {
  const row = await trx("block_versions")
    .select(trx.raw(`name, park_id, level, attributes, ${asGeoJsonSql("geom")} as geojson`))
    .where({ block_id: blockId, version })
    .first();
  if (!row) return undefined;
  return {
    name: row.name as string,
    parkId: row.park_id as number,
    level: row.level,
    attributes: row.attributes as Record<string, unknown>,
    geoJson: row.geojson as string,
  };
}
