import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.js";
import { createStores } from "./app-context.js";
import { createDemoAccounts, demoAccountsFile } from "./auth/demo-accounts.js";
import { readConfig } from "./config.js";
import { openDatabase } from "./db/connect.js";
import { loadDemoDataIfEmpty } from "./db/demo-data.js";
import { loadDemoEvaluationsIfEmpty } from "./db/evaluation-demo.js";
import { migrateToLatest } from "./db/migrate.js";
import { loadDemoRoundIfEmpty } from "./db/round-demo.js";

/** Starts the server: open (and if new, prepare) the database, migrate, load demo data, listen. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = readConfig();
  const say = (message: string) =>
    console.log(`[start +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);

  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: config.pool,
    log: say,
  });
  say(
    `Database: ${db.kind === "pglite" ? `embedded PostGIS in ${config.dataDir}` : "PostgreSQL + PostGIS server"}`,
  );
  const applied = await migrateToLatest(db.knex);
  if (applied.length > 0) say(`Migrations applied: ${applied.join(", ")}`);
  if (config.loadDemoData) {
    const demo = await loadDemoDataIfEmpty(db.knex);
    if (demo.loaded)
      say(`Demo data loaded (示意): ${demo.parks} parks, ${demo.zones} zones, ${demo.blocks} blocks`);
    // After the blocks have committed: it flags blocks through their own transactions (one PGlite connection).
    const evaluations = await loadDemoEvaluationsIfEmpty(db.knex);
    if (evaluations.loaded)
      say(`Demo indicators loaded (示意) for ${Object.keys(evaluations.years).join(", ")}`);
    const round = await loadDemoRoundIfEmpty(db.knex);
    if (round.loaded) say(`Demo recognition round loaded (示意): ${round.applications} applications`);
  }

  const app = await buildApp({ config, db });
  if (db.kind === "pglite" && config.loadDemoData) {
    const demo = await createDemoAccounts(createStores(db), config.dataDir);
    if (demo) {
      say(`Demo accounts (示意), shown once; also in ${demoAccountsFile(config.dataDir)}:`);
      for (const account of demo)
        say(`  ${account.login}  ${account.password}  (${account.role}; ${account.parks})`);
    }
  }
  // Graceful shutdown (issue #14): on SIGINT/SIGTERM stop taking requests, let running jobs finish for a few
  // seconds, hand back the rest as queued (another server, or the next start, runs them), close the database.
  // A second signal, or 20 s without finishing, exits at once.
  closeWithGrace({ delay: 20_000 }, async ({ signal, err }) => {
    if (err) console.error(err);
    say(`${signal ?? "error"}: closing (running jobs are handed back)`);
    await app.close();
    await db.close();
  });

  // Every connection of the requests' pool opened and warmed before the first request (PostgreSQL).
  await db.warm();
  await app.listen({ port: config.port, host: config.host });
  say(`Ready: http://${config.host}:${config.port}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
