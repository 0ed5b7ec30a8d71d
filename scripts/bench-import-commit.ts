/**
 * Benchmark of issue #14's staged import commit: how long each step holds the database, against the plain
 * one-transaction commit (the peer) of the same FEATURES squares, in the same run. Creates BLOCKS blocks in force
 * around the imported grid (so the staged overlaps have work), then commits FEATURES features twice — plainly
 * (ONE transaction creating them: its time is its hold) and staged (chunks, then ONE publish) — and prints the
 * plain commit's time, the staged commit's time, its chunks, its longest chunk, its publish and the publish's
 * statements, with the ratios. In-process, no HTTP: scripts/bench-jobs.ts (d) measures what requests see.
 *
 *   npx tsx scripts/bench-import-commit.ts                       # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-import-commit.ts
 * Env: FEATURES (5000), BLOCKS (500). The machine's load (os.loadavg) is printed first.
 */
import os from "node:os";
import type { NewBlock } from "../server/db/block-store.js";
import { type BulkBlockRow, bulkLoadBlocks } from "../server/db/bulk-load.js";
import { importStore } from "../server/db/import-store.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { benchDatabase, seededRandom, starRing } from "./bench-support.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const FEATURES = Number(process.env.FEATURES || 5000);
const BLOCKS = Number(process.env.BLOCKS || 500);
const SIDE = 0.0005;
const PER_ROW = Math.ceil(Math.sqrt(FEATURES));

/** FEATURES squares of ~50 m on a grid (as bench-jobs' import file), shifted north by `row0` rows. */
function squares(parkId: number, tag: string, row0: number): NewBlock[] {
  return Array.from({ length: FEATURES }, (_, i) => {
    const west = 117.3 + (i % PER_ROW) * SIDE * 2;
    const south = 40.9 + (row0 + Math.floor(i / PER_ROW)) * SIDE * 2;
    const ring = [
      [west, south],
      [west + SIDE, south],
      [west + SIDE, south + SIDE],
      [west, south + SIDE],
      [west, south],
    ];
    return {
      name: `${tag}${i}`,
      parkId,
      level: "municipal",
      status: "recognized",
      geoJson: JSON.stringify({ type: "Polygon", coordinates: [ring] }),
    };
  });
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  const { db, drop } = await benchDatabase(serverUrl, "bench_import_commit");
  try {
    await migrateToLatest(db.knex);
    const [load1, load5] = os.loadavg();
    console.log(
      `machine: ${os.cpus().length} cores, load average ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min)`,
    );
    const [{ id: parkId }] = await db
      .knex("parks")
      .insert({ code: "bench-import", name: "导入基准", name_en: "Bench", district: "—", category: "A" })
      .returning("id");
    // Blocks in force over both grids (each plain and staged import meets some of them).
    const rand = seededRandom(14);
    const height = 2 * Math.ceil(FEATURES / PER_ROW) * SIDE * 2;
    const rows: BulkBlockRow[] = Array.from({ length: BLOCKS }, (_, i) => ({
      name: `已有${i}`,
      park_id: parkId,
      level: "municipal",
      status: "recognized",
      geometry: {
        type: "MultiPolygon",
        coordinates: [
          [starRing(rand, 117.3 + rand() * PER_ROW * SIDE * 2, 40.9 + rand() * height, 0.001, 30)],
        ],
      },
    }));
    await bulkLoadBlocks(db.knex, rows);
    const imports = importStore(db.knex);
    const previewFor = (fileName: string) =>
      imports.save({ fileName, format: "geojson", report: {}, features: [], actor: "bench" });
    console.log(`${db.kind}: ${BLOCKS} blocks in force, importing ${FEATURES} squares twice`);

    const plainId = await previewFor("plain.geojson");
    let started = performance.now();
    const plain = await imports.commit(plainId, squares(parkId, "整批", 0), "bench");
    const plainMs = performance.now() - started;
    if (plain.outcome !== "committed") throw new Error(`plain commit: ${plain.outcome}`);
    console.log(`plain commit (one transaction, the peer): ${s(plainMs)} held`);

    const stagedId = await previewFor("staged.geojson");
    started = performance.now();
    const staged = await imports.commitStaged(
      stagedId,
      squares(parkId, "分批", Math.ceil(FEATURES / PER_ROW)),
      "bench",
      (work) => db.knex.transaction(work),
    );
    const stagedMs = performance.now() - started;
    if (staged.result.outcome !== "committed") throw new Error(`staged commit: ${staged.result.outcome}`);
    const { timings } = staged;
    const pairs = await db
      .knex("block_pair_overlaps")
      .whereIn("block_id", staged.result.blockIds)
      .count({ n: "*" });
    console.log(
      `staged commit: ${s(stagedMs)} in all (${(stagedMs / plainMs).toFixed(2)}× the plain one), ${timings.chunks} chunks, ` +
        `longest chunk ${ms(timings.longestChunkMs)}, longest drop statement ${ms(timings.longestDropMs)}, publish ${ms(timings.publishMs)} ` +
        `(${((100 * timings.publishMs) / plainMs).toFixed(1)}% of the plain hold; ` +
        `${Object.entries(timings.publishSteps)
          .map(([name, value]) => `${name} ${ms(value)}`)
          .join(", ")}); ${pairs[0].n} pair rows`,
    );
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
