/**
 * A real app server process for apply-kill.test.ts. It opens the database (DATABASE_URL, or the PGlite folder
 * DATA_DIR, first filled from SNAPSHOT), starts the app (its start-up is the "restart" after the last kill),
 * prints `STATE <json>` — every sweep block's version, status, area, history rows and audit rows and its
 * proposal's applied fields — then, given APPLY=<blockId>:<proposalId>, prints `APPLYING` and POSTs the apply
 * (as AUTH), printing `DONE <status> <ms>` if it ends before the test kills it with SIGKILL.
 * HOLD=1: when the apply's transaction is about to mark the proposal (the block already updated inside it),
 * print `MARKING` and hold the event loop, so the kill surely falls between the two writes (the #15.7 bug).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/connect.js";

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR ?? "";
const fresh = !databaseUrl && !existsSync(path.join(dataDir, "PG_VERSION"));
const snapshot = fresh ? new Blob([await readFile(process.env.SNAPSHOT as string)]) : undefined;
const db = await openDatabase({ databaseUrl, dataDir, ...(snapshot ? { snapshot } : {}) });
const config = readConfig({});
const app = await buildApp({
  config: { ...config, databaseUrl, jobs: { ...config.jobs, concurrency: 0 } },
  db,
  logger: false,
});
await app.ready();

const pairs = JSON.parse(process.env.PAIRS ?? "[]") as [number, number][];
const state = [];
for (const [blockId, proposalId] of pairs) {
  const block = await db.knex("blocks").where({ id: blockId }).first("version", "status", "area_m2");
  const [{ n: versions }] = await db.knex("block_versions").where({ block_id: blockId }).count({ n: "*" });
  const [{ n: audits }] = await db
    .knex("audit_events")
    .where({ action: "proposal.apply", entity: "block", entity_id: blockId })
    .count({ n: "*" });
  const proposal = await db
    .knex("reduction_proposals")
    .where({ id: proposalId })
    .first("applied_at", "applied_version");
  state.push({
    blockId,
    version: block.version,
    status: block.status,
    areaM2: Number(block.area_m2),
    versions: Number(versions),
    audits: Number(audits),
    applied: proposal.applied_at !== null,
    appliedVersion: proposal.applied_version,
  });
}
process.stdout.write(`STATE ${JSON.stringify(state)}\n`);

if (process.env.APPLY) {
  const [blockId, proposalId] = process.env.APPLY.split(":").map(Number);
  if (process.env.HOLD === "1") {
    db.knex.on("query", (query: { sql?: string }) => {
      if (/^update "reduction_proposals"/i.test(query.sql ?? "")) {
        process.stdout.write("MARKING\n");
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      }
    });
  }
  process.stdout.write("APPLYING\n");
  const started = performance.now();
  const response = await app.inject({
    method: "POST",
    url: `/api/blocks/${blockId}/reduction-proposals/${proposalId}/apply`,
    headers: { authorization: process.env.AUTH as string },
    payload: { version: 1 },
  });
  process.stdout.write(`DONE ${response.statusCode} ${Math.round(performance.now() - started)}\n`);
}
// Runs until killed.
setInterval(() => {}, 1000);
