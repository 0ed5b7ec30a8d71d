import type { Feature, FeatureCollection, Geometry, Point } from "geojson";
import type { Knex } from "knex";
import type { LayerId, ZoneKind } from "../domain/layers.js";
import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
import {
  asGeoJsonSql,
  ellipsoidalAreaM2Sql,
  multiPolygonFromGeoJson,
  type SqlBuilder,
  STORAGE_SRID,
} from "./geometry.js";
import { refreshZgcUnion } from "./kept-unions.js";

export interface NewZone {
  code: string;
  kind: ZoneKind;
  name: string;
  nameEn: string;
  attributes?: Record<string, unknown>;
  geometry: Geometry;
}

const ZGC_PROPERTIES = {
  code: "zgc",
  kind: "zgc",
  name: "中关村示范区",
  nameEn: "Zhongguancun Demonstration Zone",
};

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
  /** The Zhongguancun layer's JSON text and the union generation it was built from (zgcLayerJson). */
  let zgcText: { generation: string; text: string } | undefined;

  async function zgcRow(): Promise<
    { geojson: string; area_m2: number; built_generation: number } | undefined
  > {
    await refreshZgcUnion(knex);
    const result = await knex.raw(
      "select geojson, area_m2, built_generation from kept_layers where id = 'zgc' and geojson is not null",
    );
    return result.rows[0];
  }

  async function zgcFeatures(): Promise<Feature[]> {
    const row = await zgcRow();
    return row ? [feature("zgc", row.geojson, row.area_m2, ZGC_PROPERTIES)] : [];
  }

  /**
   * The Zhongguancun layer as the JSON text the API sends (every page load asks for it): the kept GeoJSON is
   * spliced in as stored, not parsed and serialised again (at 20k blocks it is ~2,000 national blocks' union,
   * and the parse and schema serialisation cost ~100 ms a request; issue #16 asks ≤ 20 ms).
   */
  async function zgcLayerJson(): Promise<string> {
    // The text is kept in memory with the generation it was built at: a read that finds the union fresh and
    // that generation unchanged is one small row, not ~2 MB of GeoJSON out of the database (at 20k blocks).
    // Another server's write bumps the generation in the database, so a stale copy is never sent.
    const kept = await knex.raw(
      "select built_generation, built_generation < generation as stale from kept_layers where id = 'zgc'",
    );
    const built = kept.rows[0];
    if (built && !built.stale && zgcText?.generation === String(built.built_generation)) return zgcText.text;
    const row = await zgcRow();
    if (!row) return JSON.stringify({ type: "FeatureCollection", features: [] });
    const { geometry: _, ...rest } = feature("zgc", "null", row.area_m2, ZGC_PROPERTIES);
    const head = JSON.stringify({ ...rest, geometry: null }).slice(0, -"null}".length);
    const text = `{"type":"FeatureCollection","features":[${head}${row.geojson}}]}`;
    zgcText = { generation: String(row.built_generation), text };
    return text;
  }

  /**
   * One label point per zone of a kind: the centre of the largest circle inscribed in the zone (its pole of
   * inaccessibility, found on the Web-Mercator copy, as the blocks' label points), with the zone's id and names.
   * The map's first view labels zones from these (a few kB) instead of their whole polygons (issue #16: the
   * 200 municipal zones of the 200,000-block bench are ~2 MB of GeoJSON). Kept in memory per zones data version.
   */
  let labelCache: { version: string; byKind: Map<ZoneKind, FeatureCollection<Point>> } | undefined;
  async function labels(kind: ZoneKind): Promise<FeatureCollection<Point>> {
    const version = await knex.raw("select version from data_versions where name = 'zones'");
    const zonesVersion = String(version.rows[0]?.version ?? 0);
    if (labelCache?.version !== zonesVersion) labelCache = { version: zonesVersion, byKind: new Map() };
    const kept = labelCache.byKind.get(kind);
    if (kept) return kept;
    const rows = await knex.raw(
      `select id, name, name_en,
              ${asGeoJsonSql(`ST_Transform((ST_MaximumInscribedCircle(geom_mercator)).center, ${STORAGE_SRID})`)} as geojson
         from zones where kind = ? order by id`,
      [kind],
    );
    const collection: FeatureCollection<Point> = {
      type: "FeatureCollection",
      features: (rows.rows as { id: number; name: string; name_en: string; geojson: string }[]).map(
        (row) => ({
          type: "Feature",
          id: row.id,
          geometry: JSON.parse(row.geojson),
          properties: { id: row.id, name: row.name, nameEn: row.name_en },
        }),
      ),
    };
    labelCache.byKind.set(kind, collection);
    return collection;
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

  return { layer, labels, zgcLayerJson, insert };
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
