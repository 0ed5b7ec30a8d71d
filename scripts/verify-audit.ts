/**
 * Verifies the audit trail's hash chain (issue #11): `npx tsx scripts/verify-audit.ts` checks every row of
 * audit_events in the configured database (DATABASE_URL, else the embedded one in DATA_DIR), prints how many
 * rows hold and the first broken link, and exits 1 when the chain is broken (2 when it cannot run).
 */
import { readConfig } from "../server/config.js";
import { auditStore } from "../server/db/audit-store.js";
import { openDatabase } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";

async function main(): Promise<number> {
  const config = readConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db.knex);
    const result = await auditStore(db.knex).verify();
    if (result.ok) {
      console.log(`Audit chain intact: ${result.rows} rows verified.`);
      return 0;
    }
    const why =
      result.reason === "hash-mismatch"
        ? "its content does not match its hash (the row was altered)"
        : "it does not name the previous row's hash (a row before it was removed, inserted or altered)";
    console.error(
      `Audit chain BROKEN at row ${result.firstBrokenId}: ${why}. ${result.rows} rows before it hold.`,
    );
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
