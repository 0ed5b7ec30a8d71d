import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { Knex } from "knex";
import type { LayerId, ZoneKind } from "../domain/layers.js";
import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
import { asGeoJsonSql, ellipsoidalAreaM2Sql, multiPolygonFromGeoJson, type SqlBuilder } from "./geometry.js";
import { refreshZgcUnion } from "./kept-unions.js";

export interface NewZone {
  code: string;
  kind: ZoneKind;
  name: string;
  nameEn: string;
  attributes?: Record<string, unknown>;
  geometry: Geometry;
}

/** Reference zones by kind, and the derived Zhongguancun layer. */
export function zoneStore(knex: Knex) {
  async function layer(id: LayerId): Promise<FeatureCollection> {
    if (id === "zgc") return { type: "FeatureCollection", features: await zgcFeatures() };
    const rows = await knex("zones")
      .select(
        knex.raw(`id, code, kind, name, name_en, attributes, area_m2, ${asGeoJsonSql("geom")} as geojson`),
      )
      .where({ kind: id })
      .orderBy("id");
    return {
      type: "FeatureCollection",
      features: rows.map((row) =>
        feature(row.id, row.geojson, row.area_m2, {
          code: row.code,
          kind: row.kind,
          name: row.name,
          nameEn: row.name_en,
          ...row.attributes,
        }),
      ),
    };
  }

  /**
   * 中关村示范区: the union of the national-level blocks that have not ended, kept in `kept_layers`. A write to a
   * national block bumps the row's generation (trigger, migration 07); the first reader after it rebuilds the
   * union, every other read is one row (kept-unions.ts).
   */
  async function zgcFeatures(): Promise<Feature[]> {
    await refreshZgcUnion(knex);
    const result = await knex.raw(
      "select geojson, area_m2 from kept_layers where id = 'zgc' and geojson is not null",
    );
    return result.rows.map((row: { geojson: string; area_m2: number }) =>
      feature("zgc", row.geojson, row.area_m2, {
        code: "zgc",
        kind: "zgc",
        name: "中关村示范区",
        nameEn: "Zhongguancun Demonstration Zone",
      }),
    );
  }

  async function insert(zone: NewZone, db: SqlBuilder = knex): Promise<void> {
    await db.raw(
      `insert into zones (code, kind, name, name_en, attributes, geom, area_m2)
       select ?, ?, ?, ?, ?, g, ${ellipsoidalAreaM2Sql("g")} from (select ? as g) s`,
      [
        zone.code,
        zone.kind,
        zone.name,
        zone.nameEn,
        JSON.stringify(zone.attributes ?? {}),
        multiPolygonFromGeoJson(db, zone.geometry),
      ],
    );
  }

  return { layer, insert };
}

function feature(
  id: number | string,
  geojson: string,
  areaM2: number,
  properties: Record<string, unknown>,
): Feature {
  return {
    type: "Feature",
    id,
    geometry: JSON.parse(geojson),
    properties: { id, ...properties, areaKm2: m2ToKm2(areaM2), areaHectares: m2ToHectares(areaM2) },
  };
}
