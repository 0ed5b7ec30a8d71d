/**
 * Batch export without the UI (issue 7), through the same GET /api/exports/… as the web app:
 *
 *   npx tsx scripts/geo-export.ts --format geojson|shp|kml|gpkg|dxf|csv|fgb [--ids 1,2] [--park 3]
 *     [--level municipal] [--status recognized] [--crs EPSG:4548 (dxf)] --out blocks.gpkg
 *   npx tsx scripts/geo-export.ts --format catalogue [filters] --out catalogue-package.zip
 *
 * Runs as the account of an API token (POST /api/tokens), given in the environment: API_TOKEN=… .
 *
 * Uses the configured database (DATABASE_URL, or the embedded one in DATA_DIR), migrating it first.
 * Without --out the file is written to the current folder under the name the API gives.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { openDatabase } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { tokenHeaders } from "./api-token.js";

const { values: options } = parseArgs({
  options: {
    format: { type: "string" },
    ids: { type: "string" },
    park: { type: "string" },
    level: { type: "string" },
    status: { type: "string" },
    crs: { type: "string" },
    out: { type: "string" },
  },
});

async function main(): Promise<number> {
  if (!options.format) {
    console.error(
      "usage: npx tsx scripts/geo-export.ts --format geojson|shp|kml|gpkg|dxf|csv|fgb|catalogue [--out file]",
    );
    return 2;
  }
  const query = new URLSearchParams();
  for (const key of ["ids", "park", "level", "status", "crs"] as const) {
    const value = options[key];
    if (value) query.set(key, value);
  }
  const url =
    options.format === "catalogue"
      ? `/api/exports/catalogue-package?${query}`
      : `/api/exports/blocks?format=${encodeURIComponent(options.format)}&${query}`;
  // In this process no one else waits on the event loop: no GET size limit (the server's is for its users).
  const read = readConfig();
  const config = { ...read, jobs: { ...read.jobs, exportInlineBlocks: Number.MAX_SAFE_INTEGER } };
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db.knex);
  const app = await buildApp({ config, db, logger: false });
  try {
    const started = Date.now();
    const response = await app.inject({ method: "GET", url, headers: tokenHeaders("read blocks") });
    if (response.statusCode !== 200) {
      const error = response.json().error;
      console.error(`✗ ${response.statusCode} ${error?.code}: ${error?.message}`);
      return 1;
    }
    const named = /filename="([^"]+)"/.exec(String(response.headers["content-disposition"]))?.[1] ?? "export";
    const out = options.out ?? named;
    await writeFile(out, response.rawPayload);
    console.log(`${out}: ${response.rawPayload.byteLength} bytes in ${Date.now() - started} ms`);
    return 0;
  } finally {
    await app.close();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
