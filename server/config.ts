import path from "node:path";

/** Everything the server reads from the environment, read in this one place (STYLE.md). */
export interface Config {
  /** `postgres://…` of a PostgreSQL + PostGIS server; unset → embedded PGlite + PostGIS. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (ignored with `databaseUrl`); `memory://` keeps it in memory. */
  dataDir: string;
  port: number;
  host: string;
  /** Load the demo data set (geodata/) when the database has no parks yet. */
  loadDemoData: boolean;
  logLevel: string;
  /** Largest accepted JSON body, in bytes (beyond it → 413). */
  bodyLimitBytes: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || path.resolve("data", "pglite"),
    port: Number(env.PORT || 8080),
    host: env.HOST || "127.0.0.1",
    loadDemoData: env.LOAD_DEMO_DATA !== "false",
    logLevel: env.LOG_LEVEL || "info",
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES || 10 * 1024 * 1024),
  };
}
