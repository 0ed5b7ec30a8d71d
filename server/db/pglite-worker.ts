import { Worker } from "node:worker_threads";

/**
 * The embedded database in a worker thread (issue #14 item 2): PGlite's WASM runs every query on the thread
 * that owns it, so on the server's event loop one slow query (a 50,000-vertex analysis: 9 s) stopped every
 * request, /api/health included. Here PGlite + PostGIS live in `pglite-thread.mjs` and this object stands in
 * for the PGlite instance knex-pglite is given: `query`, `exec`, `waitReady`, `close`, `closed`, and
 * `dumpDataDir` for the test template. knex-pglite keeps its one connection (pool of 1), so a transaction's
 * statements stay on it in order, as before.
 *
 * Decision: a small proxy over `node:worker_threads`, not PGlite's own `PGliteWorker` — that one is made for
 * browser Web Workers (it needs `navigator.locks`, BroadcastChannel and `addEventListener`).
 * Errors keep PostgreSQL's fields (`code`, `detail`, `position`, `hint`, …) so routes map them to 4xx as they
 * did; a worker that dies fails what it had with SQLSTATE 08006 (connection failure → 503).
 */
export interface PGliteResults {
  rows: Record<string, unknown>[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Answer {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: Record<string, unknown> & { message: string };
}

const THREAD = new URL("./pglite-thread.mjs", import.meta.url);

export class PGliteWorker {
  readonly waitReady: Promise<void>;
  closed = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending & { startedAt: number }>();
  private nextId = 1;
  private gone: Error | undefined;

  constructor(dataDir: string, snapshot?: ArrayBuffer) {
    this.worker = new Worker(THREAD, {
      workerData: { dataDir, snapshot },
      transferList: snapshot ? [snapshot] : [],
      // The server's own flags (e.g. tsx's loader) are not needed in a plain-JavaScript thread.
      execArgv: [],
    });
    this.worker.unref();
    this.waitReady = new Promise<void>((resolve, reject) => {
      this.worker.once("message", (message: { ready: boolean; error?: Answer["error"] }) => {
        if (message.ready) resolve();
        else reject(rebuildError(message.error ?? { message: "The embedded database did not start." }));
        this.worker.on("message", (answer: Answer) => this.settle(answer));
      });
      this.worker.once("error", reject);
    });
    this.waitReady.catch(() => {});
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) =>
      this.fail(new Error(`The embedded database's thread exited (code ${code}).`)),
    );
  }

  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: object,
  ): Promise<PGliteResults & { rows: T[] }> {
    return this.call("query", { sql, params, options: cloneable(options) }) as Promise<
      PGliteResults & { rows: T[] }
    >;
  }

  exec(sql: string, options?: object): Promise<PGliteResults[]> {
    return this.call("exec", { sql, options: cloneable(options) }) as Promise<PGliteResults[]>;
  }

  /** The data folder as a tar (PGlite's dumpDataDir), e.g. for the tests' snapshot template. */
  async dumpDataDir(compression: "none" | "gzip" | "auto" = "none"): Promise<Blob> {
    const buffer = (await this.call("dump", { compression })) as ArrayBuffer;
    return new Blob([buffer]);
  }

  /** How long the oldest unanswered call has been running, in ms (0 when idle), or undefined once the thread is gone. */
  busyForMs(): number | undefined {
    if (this.gone || this.closed) return undefined;
    const oldest = this.pending.values().next().value;
    return oldest ? performance.now() - oldest.startedAt : 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.gone) await this.call("close", {}, true);
    } finally {
      await this.worker.terminate();
    }
  }

  private call(op: string, fields: object, closing = false): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    if (this.closed && !closing) return Promise.reject(connectionError("The embedded database is closed."));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, startedAt: performance.now() });
      // Keep the process alive while an answer is awaited, not while the database idles.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, op, ...fields });
    });
  }

  private settle(answer: Answer): void {
    const entry = this.pending.get(answer.id);
    if (!entry) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if (answer.ok) entry.resolve(answer.value);
    else entry.reject(rebuildError(answer.error ?? { message: "The query failed." }));
  }

  private fail(cause: Error): void {
    if (this.gone) return;
    this.gone = this.closed
      ? connectionError("The embedded database is closed.")
      : connectionError(cause.message);
    this.closed = true;
    for (const entry of this.pending.values()) entry.reject(this.gone);
    this.pending.clear();
  }
}

/** An error with the worker's fields back on it (code, detail, position, …), as PGlite would have thrown. */
function rebuildError(fields: Record<string, unknown> & { message: string }): Error {
  const error = new Error(fields.message) as Error & Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (key !== "message" && key !== "stack") error[key] = value;
  }
  return error;
}

function connectionError(message: string): Error {
  return Object.assign(new Error(`${message} The embedded database connection is closed.`), {
    code: "08006",
  });
}

/** Query options without functions (custom parsers cannot cross the thread boundary; none are used here). */
function cloneable(options: object | undefined): object | undefined {
  if (!options) return undefined;
  return Object.fromEntries(Object.entries(options).filter(([, value]) => typeof value !== "function"));
}
