/**
 * Batch import of boundary files without the UI (issue 7): each file goes through the same POST /api/imports
 * as an upload (same checks, same report), and with --commit through POST /api/imports/:id/commit.
 *
 *   npx tsx scripts/geo-import.ts blocks.zip more.kml [--source-crs EPSG:4548] [--gcj02] [--encoding gbk]
 *     [--no-repair] [--commit --park <id|code|name> --level municipal|national --status candidate
 *      --name-prefix 导入-] [--json]
 *
 * Runs as the account of an API token (POST /api/tokens), given in the environment: API_TOKEN=… .
 *
 * Uses the configured database (DATABASE_URL, or the embedded one in DATA_DIR), migrating it first.
 * Prints one summary per file (or the whole report with --json); exits 1 when any file fails.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { openDatabase } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { tokenHeaders } from "./api-token.js";

const { values: options, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    "source-crs": { type: "string" },
    gcj02: { type: "boolean", default: false },
    encoding: { type: "string" },
    "no-repair": { type: "boolean", default: false },
    commit: { type: "boolean", default: false },
    park: { type: "string" },
    level: { type: "string" },
    status: { type: "string" },
    "name-prefix": { type: "string" },
    json: { type: "boolean", default: false },
  },
});

async function main(): Promise<number> {
  if (files.length === 0) {
    console.error(
      "usage: npx tsx scripts/geo-import.ts <file>… [--source-crs EPSG:xxxx] [--gcj02] [--commit …]",
    );
    return 2;
  }
  const config = readConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db.knex);
  const app = await buildApp({ config, db, logger: false });
  let failures = 0;
  try {
    const parkId = options.park ? await resolvePark(app, options.park) : undefined;
    for (const file of files) {
      const ok = await importFile(app, file, parkId);
      if (!ok) failures++;
    }
  } finally {
    await app.close();
    await db.close();
  }
  return failures > 0 ? 1 : 0;
}

async function resolvePark(app: FastifyInstance, value: string): Promise<number> {
  const parks = (await app.inject({ method: "GET", url: "/api/parks" })).json() as {
    id: number;
    code: string;
    name: string;
  }[];
  const park = parks.find(
    (candidate) => String(candidate.id) === value || candidate.code === value || candidate.name === value,
  );
  if (!park) throw new Error(`--park ${value}: no such sub-park (give its id, code or name)`);
  return park.id;
}

async function importFile(app: FastifyInstance, file: string, parkId: number | undefined): Promise<boolean> {
  const form = new FormData();
  if (options["source-crs"]) form.append("sourceCrs", options["source-crs"]);
  if (options.gcj02) form.append("gcj02", "true");
  if (options.encoding) form.append("encoding", options.encoding);
  if (options["no-repair"]) form.append("repair", "false");
  form.append("file", new Blob([new Uint8Array(await readFile(file))]), path.basename(file));
  const request = new Request("http://cli/api/imports", { method: "POST", body: form });
  const response = await app.inject({
    method: "POST",
    url: "/api/imports",
    headers: { "content-type": request.headers.get("content-type") as string, ...tokenHeaders("import") },
    payload: Buffer.from(await request.arrayBuffer()),
  });
  const report = response.json();
  if (response.statusCode !== 201) {
    console.error(`✗ ${file}: ${response.statusCode} ${report.error?.code}: ${report.error?.message}`);
    return false;
  }
  if (options.json) console.log(JSON.stringify(report, null, 2));
  const { summary, crs } = report;
  console.log(
    `${file}: ${report.format}, ${crs.code} (${crs.source}); ${summary.total} features: ${summary.accepted} accepted, ` +
      `${summary.repaired} repaired, ${summary.rejected} rejected; ${summary.areaKm2.toFixed(6)} km²; preview ${report.id}`,
  );
  for (const note of crs.assumed) console.log(`  assumed: ${note}`);
  for (const feature of report.features) {
    if (feature.outcome === "rejected")
      console.log(`  rejected ${feature.source}: ${feature.reason}: ${feature.message}`);
    if (feature.outcome === "repaired")
      console.log(`  repaired ${feature.source}: ${feature.changes.join("; ")}`);
  }
  if (!options.commit) return true;
  const commit = await app.inject({
    method: "POST",
    url: `/api/imports/${report.id}/commit`,
    headers: { ...tokenHeaders("import") },
    payload: {
      ...(parkId !== undefined ? { parkId } : {}),
      ...(options.level ? { level: options.level } : {}),
      ...(options.status ? { status: options.status } : {}),
      ...(options["name-prefix"] ? { namePrefix: options["name-prefix"] } : {}),
    },
  });
  const result = commit.json();
  if (commit.statusCode !== 201) {
    console.error(`✗ ${file}: commit ${commit.statusCode} ${result.error?.code}: ${result.error?.message}`);
    for (const feature of result.error?.details?.features ?? []) {
      console.error(
        `  feature ${feature.index}: missing ${feature.missing.join(", ")} ${feature.problems.join("; ")}`,
      );
    }
    return false;
  }
  console.log(
    `  committed ${result.committed} blocks: ${result.blocks.map((block: { id: number }) => block.id).join(", ")}`,
  );
  return true;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
