import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { postgis } from "@electric-sql/pglite-postgis";
import knexFactory, { type Knex } from "knex";
import ClientPgLite from "knex-pglite";
import pg from "pg";
import { DEFAULT_POOL, type PoolOptions } from "../config.js";
import { CONNECTION_WARMUP_SQL } from "./connection-warmup.js";
import { guardLostAnswers } from "./pglite-lost-answer.mjs";
import { PGliteWorker } from "./pglite-worker.js";
import { cancelScope, notCancelled, type QueryScope, trackScopedQueries } from "./query-cancel.js";

export type DatabaseKind = "pglite" | "postgresql";

/** What knex-pglite's client holds: PGlite itself, or its stand-in in a worker thread. */
export type EmbeddedPGlite = Pick<PGlite, "waitReady" | "closed" | "close" | "dumpDataDir"> | PGliteWorker;

/** An open database: knex over either embedded PGlite + PostGIS or a PostgreSQL + PostGIS server. */
export interface Database {
  /** Requests' connections ("interactive": the short statement timeout). */
  knex: Knex;
  /**
   * Background jobs' connections (server/jobs): on PostgreSQL a pool of its own with the long statement timeout,
   * so a job's long read neither times out at the interactive limit nor takes the requests' connections; on
   * PGlite (one connection) the same knex as `knex`.
   */
  jobKnex: Knex;
  kind: DatabaseKind;
  /**
   * PGlite in its worker thread: how long its one connection has been working on the current statement, in ms
   * (0 when idle; undefined once the thread is gone). Lets /api/health answer while a long query runs.
   */
  busyForMs?: () => number | undefined;
  /**
   * Opens (and warms) every connection of the requests' pool now, so no request pays a connection's setup
   * (PostgreSQL; the pool then keeps them while idle). PGlite: nothing to do. The server calls it at start.
   */
  warm(): Promise<void>;
  /**
   * Cancels the statements a request (its query scope) still runs on `knex`, when its client went away:
   * PostgreSQL only (query-cancel.ts); PGlite cannot interrupt a statement, 0.
   */
  cancelQueries(scope: QueryScope): Promise<number>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  log?: (message: string) => void;
  /** PostgreSQL only: pool size and statement timeouts per route class (defaults: DEFAULT_POOL). */
  pool?: Partial<PoolOptions>;
  /** PGlite only: start from this data folder snapshot (a PGlite dumpDataDir tar), e.g. into "memory://". */
  snapshot?: Blob;
  /**
   * PGlite only: run it in a worker thread (server/db/pglite-worker.ts); default: the PGLITE_WORKER setting.
   */
  worker?: boolean;
}

// pg returns int8 and numeric as strings; PGlite returns numbers. Normalise so both databases agree.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(1700, (value) => Number.parseFloat(value));

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const log = options.log ?? (() => {});
  const database = options.databaseUrl
    ? openServer(options.databaseUrl, { ...DEFAULT_POOL, ...options.pool })
    : await openEmbedded(options.dataDir, log, options.snapshot, options.worker ?? embeddedInWorker());
  await ensurePostgis(database, log);
  return database;
}

/**
 * JIT off on the app's connections: its queries are short and their row estimates over computed geometry are
 * guesses, so PostgreSQL compiled plans of ~300 ms for queries that run in milliseconds (issue #16). Each pool
 * sets its statement timeout once per connection (issue #14: interactive vs job), and each new connection is
 * warmed (connection-warmup.ts) before it serves a query. The requests' pool keeps its connections while idle.
 * A connection the server dropped (restart, pg_terminate_backend) is discarded by knex and the next request
 * opens a new one.
 */
function openServer(connectionString: string, pool: PoolOptions): Database {
  const knex = serverPool(connectionString, pool.max, pool.statementTimeoutMs, true);
  const jobKnex = serverPool(connectionString, pool.jobMax, pool.jobStatementTimeoutMs, false);
  return {
    knex,
    jobKnex,
    kind: "postgresql",
    warm: () => warmPool(knex, pool.max),
    cancelQueries: (scope) => cancelScope(scope, connectionString),
    close: async () => {
      await Promise.all([knex.destroy(), jobKnex.destroy()]);
    },
  };
}

/** `cancellable`: the requests' pool, whose statements are cancelled when their client hangs up. */
function serverPool(
  connectionString: string,
  max: number,
  statementTimeoutMs: number,
  cancellable: boolean,
): Knex {
  let tracker: ReturnType<typeof trackScopedQueries> | undefined;
  const afterCreate = (connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) => {
    tracker?.remember(connection);
    connection.query(
      // The warm-up before the pool's statement timeout: on a loaded machine it may take longer than a short one.
      `set jit = off; ${CONNECTION_WARMUP_SQL}; set statement_timeout = ${Math.max(0, Math.trunc(statementTimeoutMs))}`,
      (error) => done(error, connection),
    );
  };
  const knex = knexFactory({
    client: "pg",
    connection: connectionString,
    // A request waits at most 10 s for a free connection (then 503 database-busy), not knex's 60 s.
    acquireConnectionTimeout: 10_000,
    // The requests' pool keeps its warmed connections (tarn opens none before they are asked for).
    pool: { min: cancellable ? max : 0, max, afterCreate, validate: notCancelled },
  });
  if (cancellable) tracker = trackScopedQueries(knex);
  return knex;
}

/** Takes `count` connections at once (each opened and warmed if new), then hands them back to the pool. */
async function warmPool(knex: Knex, count: number): Promise<void> {
  const client = knex.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(connection: unknown): Promise<void>;
  };
  const connections = await Promise.all(Array.from({ length: count }, () => client.acquireConnection()));
  await Promise.all(connections.map((connection) => client.releaseConnection(connection)));
}

/** The embedded database runs in a worker thread unless PGLITE_WORKER=0 (then on the event loop; README). */
export function embeddedInWorker(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PGLITE_WORKER !== "0";
}

async function openEmbedded(
  dataDir: string,
  log: (message: string) => void,
  snapshot: Blob | undefined,
  inWorker: boolean,
): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) await mkdir(path.dirname(dataDir), { recursive: true });
  const exists = snapshot !== undefined || (!inMemory && existsSync(path.join(dataDir, "PG_VERSION")));
  log(
    exists
      ? `Opening the embedded PostGIS database in ${dataDir}…`
      : `Creating a new embedded PostGIS database in ${dataDir}: the first start takes ~15–25 s…`,
  );
  const pglite: EmbeddedPGlite = inWorker
    ? new PGliteWorker(dataDir, snapshot ? await snapshot.arrayBuffer() : undefined)
    : guardLostAnswers(new PGlite(dataDir, { extensions: { postgis }, loadDataDir: snapshot }));
  await pglite.waitReady;
  // knex-pglite calls the connection function more than once: always hand it the same instance.
  const knex = knexFactory({
    client: ClientPgLite,
    dialect: "postgres",
    connection: () => ({ pglite }) as object,
  } as Knex.Config);
  return {
    knex,
    jobKnex: knex,
    kind: "pglite",
    busyForMs: pglite instanceof PGliteWorker ? () => pglite.busyForMs() : undefined,
    warm: async () => {},
    cancelQueries: async () => 0,
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function ensurePostgis(database: Database, log: (message: string) => void): Promise<void> {
  const installed = await database.knex.raw("select 1 from pg_extension where extname = 'postgis'");
  if (installed.rows.length > 0) return;
  log("Creating the PostGIS extension (first start only)…");
  try {
    await database.knex.raw("create extension if not exists postgis");
  } catch (error) {
    throw new Error(
      "PostGIS is not available in this database. Install it on the server (Debian: " +
        "`apt-get install postgresql-15-postgis-3`) and enable it as a superuser: " +
        "`psql -d <database> -c 'CREATE EXTENSION postgis'`. " +
        `(${(error as Error).message})`,
    );
  }
}

/** The PostGIS version, e.g. "3.6.2". */
export async function postgisVersion(knex: Knex): Promise<string> {
  const result = await knex.raw("select postgis_lib_version() as version");
  return result.rows[0].version as string;
}
