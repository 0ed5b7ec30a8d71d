import type { Geometry } from "geojson";
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from "sql.js";
import { boxOfPositions } from "../domain/extent.js";
import type { ExportTable, FieldType } from "./block-records.js";
import type { DeclaredCrs } from "./crs-resolve.js";
import { crsFromWkt, epsgReading } from "./crs-wkt.js";
import { importNote } from "./import-notes.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { LayerChoice, SourceDataset, SourceFeature } from "./source-dataset.js";
import { readWkb, writeWkbMultiPolygon } from "./wkt-wkb.js";

/**
 * A small GeoPackage 1.2 writer and reader over sql.js (pure WASM; STACK-NOTES.md: @ngageoint/geopackage
 * fails on Node 20 and GDAL's validator). Writes one feature table of MultiPolygons in EPSG:4490; reads
 * every feature table of any GeoPackage, with its SRS.
 */
let sqlJs: Promise<SqlJsStatic> | undefined;
const sql = () => {
  sqlJs ??= initSqlJs();
  return sqlJs;
};

const APPLICATION_ID_GPKG = 0x47504b47;
const USER_VERSION_1_2 = 10200;

/** EPSG:4490 in OGC WKT 1, as GDAL writes it into gpkg_spatial_ref_sys. */
const WKT_4490 =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,' +
  '298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,' +
  'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]';
const WKT_4326 =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",' +
  '0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
  'AUTHORITY["EPSG","4326"]]';

const SCHEMA = [
  `CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
    organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
    description TEXT)`,
  `CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
    identifier TEXT UNIQUE, description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
  `CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
];

const COLUMN_TYPES: Record<FieldType, string> = {
  string: "TEXT",
  number: "DOUBLE",
  integer: "INTEGER",
  boolean: "BOOLEAN",
};

export async function writeGeoPackage(table: ExportTable, tableName: string): Promise<Uint8Array> {
  const db = new (await sql()).Database();
  try {
    db.run(`PRAGMA application_id = ${APPLICATION_ID_GPKG}`);
    db.run(`PRAGMA user_version = ${USER_VERSION_1_2}`);
    for (const statement of SCHEMA) db.run(statement);
    const srs = db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)");
    for (const row of [
      [
        "Undefined cartesian SRS",
        -1,
        "NONE",
        -1,
        "undefined",
        "undefined cartesian coordinate reference system",
      ],
      [
        "Undefined geographic SRS",
        0,
        "NONE",
        0,
        "undefined",
        "undefined geographic coordinate reference system",
      ],
      [
        "WGS 84 geodetic",
        4326,
        "EPSG",
        4326,
        WKT_4326,
        "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
      ],
      ["China Geodetic Coordinate System 2000", 4490, "EPSG", 4490, WKT_4490, "CGCS2000 longitude/latitude"],
    ]) {
      srs.run(row);
    }
    srs.free();
    const bbox = tableBbox(table);
    db.run(
      "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4490)",
      [tableName, tableName, "区块 blocks (CGCS2000 lon/lat)", ...bbox],
    );
    db.run("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 4490, 0, 0)", [tableName]);
    const columns = table.fields.map((field) => `${quote(field.name)} ${COLUMN_TYPES[field.type]}`);
    db.run(
      `CREATE TABLE ${quote(tableName)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTIPOLYGON, ${columns.join(", ")})`,
    );
    const insert = db.prepare(
      `INSERT INTO ${quote(tableName)} (geom, ${table.fields.map((field) => quote(field.name)).join(", ")}) VALUES (?${", ?".repeat(table.fields.length)})`,
    );
    for (const row of table.rows) {
      insert.run([
        geoPackageBlob(row.geometry),
        ...table.fields.map((field): SqlValue => {
          const value = row.values[field.name];
          if (value === undefined || value === null) return null;
          return typeof value === "boolean" ? (value ? 1 : 0) : value;
        }),
      ]);
    }
    insert.free();
    return db.export();
  } finally {
    db.close();
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function tableBbox(table: ExportTable): [number, number, number, number] {
  const positions = table.rows.flatMap((row) => row.geometry.coordinates.flat(2));
  if (positions.length === 0) return [0, 0, 0, 0];
  return boxOfPositions(positions);
}

/** GeoPackageBinary: "GP", version 0, flags (little-endian, xy envelope), srs_id, envelope, WKB. */
function geoPackageBlob(geometry: ExportTable["rows"][number]["geometry"]): Uint8Array {
  const wkb = writeWkbMultiPolygon(geometry);
  const positions = geometry.coordinates.flat(2);
  const [west, south, east, north] = boxOfPositions(positions);
  const blob = new Uint8Array(8 + 32 + wkb.byteLength);
  const view = new DataView(blob.buffer);
  blob.set([0x47, 0x50, 0, 0b0000_0011]);
  view.setInt32(4, 4490, true);
  [west, east, south, north].forEach((value, i) => {
    view.setFloat64(8 + 8 * i, value, true);
  });
  blob.set(wkb, 40);
  return blob;
}

/**
 * One feature table of a GeoPackage, with the SRS its geometry column names: the one named by `layer`, else
 * the first. When there are several, every one is listed (`layers`) so the user can pick another.
 */
export async function readGeoPackage(
  bytes: Uint8Array,
  label: string,
  layer?: string,
): Promise<ReadResult<SourceDataset>> {
  let db: Database;
  try {
    db = new (await sql()).Database(bytes);
    db.exec("SELECT count(*) FROM sqlite_master");
  } catch (error) {
    return readFailure("bad-file", `${label} is not a GeoPackage (SQLite) file: ${(error as Error).message}`);
  }
  try {
    return readFeatureTable(db, label, layer);
  } catch (error) {
    // sql.js throws on a table or column the GeoPackage metadata names but the file lacks.
    return readFailure("bad-file", `${label} is not a readable GeoPackage: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Feature tables only: a "feature table" that is a VIEW (or anything but a plain table in sqlite_master) is
 * never queried — a view's SQL is the sender's program (a recursive CTE runs for as long as it likes, issue
 * #15) — and is named in a warning, or the refusal when nothing else is there.
 */
function readFeatureTable(db: Database, label: string, layer: string | undefined): ReadResult<SourceDataset> {
  const registered = rows(
    db,
    `SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id, s.organization,
            s.organization_coordsys_id, s.definition,
            (SELECT m.type FROM sqlite_master m WHERE m.name = c.table_name) AS object_type
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
      WHERE c.data_type = 'features' ORDER BY c.table_name`,
  );
  const tables = registered.filter((row) => row.object_type === "table");
  const skipped = registered
    .filter((row) => row.object_type !== "table")
    .map((row) => String(row.table_name));
  const skippedNote =
    skipped.length > 0
      ? importNote(
          "geopackage-skipped-tables",
          { file: label, tables: skipped.join(", ") },
          `${label} registers ${skipped.map((name) => `"${name}"`).join(", ")} as feature data but not as a table (a view or missing): not read — only feature tables are.`,
        )
      : undefined;
  if (tables.length === 0)
    return readFailure("bad-file", skippedNote?.text ?? `${label} has no feature table.`);
  const table = layer === undefined ? tables[0] : tables.find((row) => row.table_name === layer);
  if (!table) {
    return readFailure("unknown-layer", `${label} has no feature table "${layer}".`, {
      layers: tables.map((row) => String(row.table_name)),
    });
  }
  const tableName = String(table.table_name);
  const features = tableFeatures(db, table);
  const layers: LayerChoice[] = tables.map((row) => ({
    name: String(row.table_name),
    featureCount: Number(rows(db, `SELECT count(*) AS n FROM ${quote(String(row.table_name))}`)[0].n),
    geometryType: String(row.geometry_type_name),
    chosen: row === table,
  }));
  const declaredCrs = srsReading(table);
  return readOk({
    format: "geopackage",
    features,
    ...(declaredCrs ? { declaredCrs } : {}),
    ...(tables.length > 1 ? { layers } : {}),
    warnings: [
      ...(tables.length > 1
        ? [
            importNote(
              "geopackage-layers",
              { file: label, count: tables.length, table: tableName },
              `${label} has ${tables.length} feature tables (${layers.map((row) => `${row.name}: ${row.featureCount}`).join(", ")}); ` +
                `only "${tableName}" was read: choose another with the option layer.`,
            ),
          ]
        : []),
      ...(skippedNote ? [skippedNote] : []),
    ],
  });
}

function tableFeatures(db: Database, table: Record<string, SqlValue>): SourceFeature[] {
  const geometryColumn = String(table.column_name);
  const primaryKeys = rows(db, `PRAGMA table_info(${quote(String(table.table_name))})`)
    .filter((column) => Number(column.pk) > 0)
    .map((column) => String(column.name));
  return rows(db, `SELECT * FROM ${quote(String(table.table_name))}`).map((row, index) => {
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (key !== geometryColumn && !primaryKeys.includes(key)) properties[key] = value;
    }
    return {
      source: `${table.table_name} #${index + 1}`,
      geometry: blobGeometry(row[geometryColumn]),
      properties,
    };
  });
}

function rows(db: Database, query: string): Record<string, SqlValue>[] {
  const [result] = db.exec(query);
  if (!result) return [];
  return result.values.map((values) =>
    Object.fromEntries(result.columns.map((column, i) => [column, values[i]])),
  );
}

function srsReading(table: Record<string, SqlValue>): DeclaredCrs | undefined {
  const srsId = Number(table.srs_id);
  if (srsId === 0 || srsId === -1) return undefined;
  const reading =
    String(table.organization).toUpperCase() === "EPSG"
      ? epsgReading(Number(table.organization_coordsys_id), `srs_id ${srsId}`)
      : undefined;
  if (reading) return { source: "metadata", reading };
  if (typeof table.definition === "string")
    return { source: "metadata", reading: crsFromWkt(table.definition) };
  return { source: "metadata", reading: { kind: "unsupported", name: `srs_id ${srsId}` } };
}

/** The geometry of a GeoPackageBinary blob; null for an empty or unreadable blob (rejected later). */
function blobGeometry(value: SqlValue | undefined): Geometry | null {
  if (!(value instanceof Uint8Array) || value.byteLength < 8 || value[0] !== 0x47 || value[1] !== 0x50)
    return null;
  const flags = value[3];
  if (flags & 0b1_0000) return null; // empty geometry
  const envelopeDoubles = [0, 4, 6, 6, 8][(flags >> 1) & 0b111] ?? 0;
  try {
    return readWkb(value.subarray(8 + 8 * envelopeDoubles));
  } catch {
    return null;
  }
}
