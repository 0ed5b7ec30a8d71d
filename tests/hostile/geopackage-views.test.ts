import initSqlJs from "sql.js";
import { describe, expect, it } from "vitest";
import { readGeoPackage, writeGeoPackage } from "../../server/formats/geopackage.js";
import { rectangle } from "../helpers/geodesic.js";

/**
 * Issue #15 item 4: a GeoPackage whose "feature table" is a recursive-CTE VIEW ran for 18 s and grew RSS by
 * 1.8 GB. Only tables are read; a registered view is named and never queried (this one would never end).
 */
async function withEndlessView(keepTable: boolean): Promise<Uint8Array> {
  const real = await writeGeoPackage(
    {
      fields: [{ name: "name", type: "string" }],
      rows: [
        {
          geometry: {
            type: "MultiPolygon",
            coordinates: [rectangle(116.3, 40.0, 116.31, 40.01).coordinates],
          },
          values: { name: "真表区块" },
        },
      ],
    },
    "blocks",
  );
  const SQL = await initSqlJs();
  const db = new SQL.Database(real);
  db.exec(`CREATE VIEW aaa_bomb AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
           SELECT x AS fid, NULL AS geom, printf('%.*c', 1000, 'x') AS name FROM c`);
  db.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
           VALUES ('aaa_bomb', 'features', 'aaa_bomb', 4490)`);
  db.exec(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
           VALUES ('aaa_bomb', 'geom', 'MULTIPOLYGON', 4490, 0, 0)`);
  if (!keepTable) {
    db.exec("DELETE FROM gpkg_geometry_columns WHERE table_name = 'blocks'");
    db.exec("DELETE FROM gpkg_contents WHERE table_name = 'blocks'");
  }
  const bytes = db.export();
  db.close();
  return bytes;
}

describe("GeoPackage: feature tables only, never views", () => {
  it("reads the real table and names the view it skipped (first by name, never queried)", async () => {
    const started = Date.now();
    const read = await readGeoPackage(await withEndlessView(true), "bomb.gpkg");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.features).toHaveLength(1);
    expect(read.value.features[0].properties).toMatchObject({ name: "真表区块" });
    expect(read.value.warnings.map((warning) => warning.text).join(" ")).toContain('"aaa_bomb"');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("refuses a file whose only feature data is a view, naming it", async () => {
    const read = await readGeoPackage(await withEndlessView(false), "bomb.gpkg");
    expect(read).toMatchObject({ ok: false, reason: "bad-file" });
    if (read.ok) return;
    expect(read.message).toContain('"aaa_bomb"');
    expect(read.message).toContain("not as a table");
  });
});
