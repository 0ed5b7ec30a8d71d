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
  /** How long a session lasts after sign-in, in hours. */
  sessionHours: number;
  /** Host names the server answers for (the Host header without its port); others get 421. */
  allowedHosts: string[];
  /** CSP sources the web app may load basemap tiles from (天地图, an intranet tile server). */
  tileSources: string[];
  /** Sign-in attempts one client address may make a minute (then 429). */
  loginAttemptsPerMinute: number;
  /** An API token the command-line scripts (scripts/geo-import.ts) act with. */
  apiToken: string | undefined;
  /** 政务统一身份认证 (OIDC single sign-on); undefined when OIDC_ISSUER is unset. */
  oidc: OidcConfig | undefined;
  /** Background jobs (issue #14). */
  jobs: JobsConfig;
  /** PostgreSQL pool and statement timeouts per route class (issue #14). */
  pool: PoolOptions;
  /** Backpressure on the embedded database (issue #14). */
  requestQueue: RequestQueueConfig;
  /**
   * Parts and vertices one polygon input may have (block writes, analysis, site check; issue #15):
   * GEOMETRY_MAX_PARTS (default 500) and GEOMETRY_MAX_VERTICES (default 100,000); more → 413 naming the limit.
   */
  geometryLimits: { maxParts: number; maxVertices: number };
  /** Bytes of GeoJSON one import preview may store (IMPORT_PREVIEW_MAX_BYTES, default 16 MB; more → 413). */
  importPreviewMaxBytes?: number;
}

/** PostgreSQL connections (README: DB_POOL_MAX, DB_STATEMENT_TIMEOUT_MS, JOB_STATEMENT_TIMEOUT_MS). */
export interface PoolOptions {
  /** Requests' pool size. */
  max: number;
  /** A request's statement is cancelled past this (57014 → 503 too-slow); 0 = no limit. */
  statementTimeoutMs: number;
  /** Jobs' pool size (a job holds one at a time; claims and progress go through the requests' pool). */
  jobMax: number;
  /** A job's statement is cancelled past this; 0 = no limit. */
  jobStatementTimeoutMs: number;
}

export const DEFAULT_POOL: PoolOptions = {
  max: 10,
  statementTimeoutMs: 30_000,
  jobMax: 2,
  jobStatementTimeoutMs: 600_000,
};

export interface RequestQueueConfig {
  /** /api requests PGlite works on at once (its one connection interleaves them); 0 = no queue. */
  concurrent: number;
  /** Requests waiting beyond `concurrent`; past this → 503 busy with Retry-After (REQUEST_QUEUE_LIMIT). */
  limit: number;
  /** Longest wait in the queue, then 503 busy with Retry-After (REQUEST_QUEUE_WAIT_MS). */
  waitMs: number;
}

export interface JobsConfig {
  /** Jobs one server process runs at once (JOB_CONCURRENCY). */
  concurrency: number;
  /**
   * Nice value of the worker thread that builds a catalogue package (JOB_WORKER_NICE, 0–19, default 19): the
   * requests' event loop takes the cores first. On a machine shared with other busy processes a nice thread
   * yields to them too; 0 runs it as the server's other threads.
   */
  workerNice?: number;
  /** Hours a job's result file is kept for download, then cleaned up (JOB_RESULT_HOURS). */
  resultHours: number;
  /** Queued + running jobs one account may have at once; more → 429 (JOBS_PER_ACCOUNT). */
  perAccount: number;
  /**
   * A running job whose server has not beaten for this many seconds is swept at start (JOB_STALE_SECONDS;
   * default 30 on PostgreSQL, 0 = every other server's at once on PGlite, which one process owns).
   */
  staleSeconds?: number;
  /**
   * Imports of at most this many features are previewed and committed inside the request (201, ~1 s); larger
   * ones, and uploads over 1 MB, run as jobs (202) (IMPORT_INLINE_MAX_FEATURES; 0 = always a job).
   */
  importInlineFeatures?: number;
  /**
   * On the embedded PGlite the import commit is staged in short chunks before its one publish (issue #14);
   * true commits in ONE transaction creating the blocks, as on PostgreSQL (IMPORT_COMMIT_PLAIN=1: the
   * benchmarks' baseline).
   */
  importCommitPlain?: boolean;
  /**
   * GET /api/exports/blocks writes at most this many blocks inside the request; more → 413 `export-too-large`
   * pointing at POST /api/exports/blocks, the same export as a job (EXPORT_INLINE_MAX_BLOCKS).
   */
  exportInlineBlocks?: number;
  /**
   * The 通报 job renders each district's XLSX and PDF and the zip in the worker pool; true renders them on the
   * event loop instead: only the benchmark's baseline (scripts/bench-notice.ts) sets it, no environment variable.
   */
  noticeOnEventLoop?: boolean;
}

/** Default of the inline-or-job threshold of imports (JobsConfig). */
export const IMPORT_INLINE_FEATURES = 200;
/**
 * Default of the GET block export's limit (JobsConfig). Decision (issue #14): 500 blocks are a few seconds of
 * writing at most (the demo's GeoPackage of 500 blocks well under that); beyond, the file is made by a job.
 */
export const EXPORT_INLINE_BLOCKS = 500;

/** A count setting where 0 is meaningful (unset or empty → the default). */
function countSetting(value: string | undefined, fallback: number): number {
  return value === undefined || value === "" ? fallback : Math.max(0, Math.trunc(Number(value)));
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The callback URL registered at the provider (…/api/auth/oidc/callback). */
  redirectUrl: string;
  /** The ID-token claim holding the provider's role names (default "roles"). */
  roleClaim: string;
  /** Provider role name → platform role, from "gov-district:district,kjw-staff:reviewer". */
  roleMap: Record<string, string>;
  /** An optional claim holding the park ids a district account is scoped to. */
  parkClaim: string | undefined;
}

function readOidc(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  // The client secret also keys the sign-in cookie's HMAC: without it anyone could forge a pending sign-in.
  const missing = ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URL"].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`OIDC_ISSUER is set but ${missing.join(", ")} is not`);
  const roleMap: Record<string, string> = {};
  for (const pair of (env.OIDC_ROLE_MAP || "").split(",")) {
    const [from, to] = pair.split(":").map((part) => part.trim());
    if (from && to) roleMap[from] = to;
  }
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID || "",
    clientSecret: env.OIDC_CLIENT_SECRET || "",
    redirectUrl: env.OIDC_REDIRECT_URL || "",
    roleClaim: env.OIDC_ROLE_CLAIM || "roles",
    roleMap,
    parkClaim: env.OIDC_PARK_CLAIM || undefined,
  };
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
    geometryLimits: {
      maxParts: positiveInteger(env.GEOMETRY_MAX_PARTS, 500),
      maxVertices: positiveInteger(env.GEOMETRY_MAX_VERTICES, 100_000),
    },
    importPreviewMaxBytes: positiveInteger(env.IMPORT_PREVIEW_MAX_BYTES, 16 * 1024 * 1024),
    sessionHours: Number(env.SESSION_HOURS || 8),
    apiToken: env.API_TOKEN || undefined,
    allowedHosts: (env.ALLOWED_HOSTS || "127.0.0.1,localhost,[::1]")
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    loginAttemptsPerMinute: Number(env.LOGIN_ATTEMPTS_PER_MINUTE || 10),
    oidc: readOidc(env),
    tileSources: (env.TILE_SOURCES || "https://*.tianditu.gov.cn").split(/[\s,]+/).filter(Boolean),
    jobs: {
      concurrency: Number(env.JOB_CONCURRENCY || 1),
      workerNice: Math.min(19, Math.max(0, Math.trunc(Number(env.JOB_WORKER_NICE ?? 19) || 0))),
      resultHours: Number(env.JOB_RESULT_HOURS || 24),
      perAccount: Number(env.JOBS_PER_ACCOUNT || 3),
      ...(env.JOB_STALE_SECONDS ? { staleSeconds: Number(env.JOB_STALE_SECONDS) } : {}),
      importInlineFeatures: countSetting(env.IMPORT_INLINE_MAX_FEATURES, IMPORT_INLINE_FEATURES),
      ...(env.IMPORT_COMMIT_PLAIN === "1" ? { importCommitPlain: true } : {}),
      exportInlineBlocks: positiveInteger(env.EXPORT_INLINE_MAX_BLOCKS, EXPORT_INLINE_BLOCKS),
    },
    pool: {
      max: Number(env.DB_POOL_MAX || DEFAULT_POOL.max),
      statementTimeoutMs: Number(env.DB_STATEMENT_TIMEOUT_MS || DEFAULT_POOL.statementTimeoutMs),
      jobMax: Number(env.DB_JOB_POOL_MAX || DEFAULT_POOL.jobMax),
      jobStatementTimeoutMs: Number(env.JOB_STATEMENT_TIMEOUT_MS || DEFAULT_POOL.jobStatementTimeoutMs),
    },
    requestQueue: {
      concurrent: Number(env.REQUEST_CONCURRENCY || 8),
      limit: Number(env.REQUEST_QUEUE_LIMIT || 200),
      waitMs: Number(env.REQUEST_QUEUE_WAIT_MS || 15_000),
    },
  };
}

/** A whole number ≥ 1 from the environment, else the default (a typo never lifts a limit to NaN or 0). */
function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed >= 1 ? parsed : fallback;
}
