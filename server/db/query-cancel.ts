import { AsyncLocalStorage } from "node:async_hooks";
import type { Knex } from "knex";
import pg from "pg";

/**
 * Cancelling a request's statements when its client goes away (issue #15 item 3: a heavy analysis kept
 * running in PostgreSQL for minutes after the client hung up, and a dozen of them held the whole pool).
 *
 * A request's work runs inside a `QueryScope` (AsyncLocalStorage, entered by plugins/cancel-on-hang-up.ts);
 * the requests' knex records which pooled connection each statement of the scope runs on until it answers.
 * When the client hangs up before the answer, `cancel` sends `pg_cancel_backend` for those backends over a
 * connection of its own (the pool may be the very thing exhausted) and marks their connections spent, so the
 * pool drops them instead of lending them out again: a cancel arriving late can then only ever hit the
 * statement it was meant for. The cancelled statement fails with 57014 inside the request, whose transaction
 * (if any) rolls back; its answer goes nowhere.
 *
 * The embedded database (PGlite) is one connection in this process: a statement cannot be interrupted there,
 * it runs to its end and only the answer is dropped (`cancel` returns 0).
 */
export interface QueryScope {
  /** Statements of this request still running: knex query uid → its pooled connection. */
  running: Map<string, CancellableConnection>;
}

interface CancellableConnection {
  processID?: number;
  /** Set once a cancel was sent: the pool must not lend this connection out again. */
  __bjhtzCancelled?: boolean;
}

const scopes = new AsyncLocalStorage<QueryScope>();

export function newQueryScope(): QueryScope {
  return { running: new Map() };
}

/** Runs `work` (and every statement it starts) in `scope`. */
export function inQueryScope<T>(scope: QueryScope, work: () => T): T {
  return scopes.run(scope, work);
}

/** knex pool `validate`: a connection a cancel was sent on is destroyed, not reused. */
export function notCancelled(connection: CancellableConnection): boolean {
  return connection.__bjhtzCancelled !== true;
}

interface QueryEvent {
  __knexUid?: string;
  __knexQueryUid?: string;
}

/**
 * Records, on a PostgreSQL knex, the connection of each statement started in a query scope. The connections
 * are found by knex's per-connection uid; `remember` (the pool's afterCreate) registers each new one.
 */
export function trackScopedQueries(knex: Knex) {
  const connections = new Map<string, CancellableConnection>();
  const finished = (query: QueryEvent) => {
    if (query?.__knexQueryUid) scopes.getStore()?.running.delete(query.__knexQueryUid);
  };
  knex.on("query", (query: QueryEvent) => {
    const scope = scopes.getStore();
    const connection = query.__knexUid ? connections.get(query.__knexUid) : undefined;
    if (scope && connection && query.__knexQueryUid) scope.running.set(query.__knexQueryUid, connection);
  });
  knex.on("query-response", (_response: unknown, query: QueryEvent) => finished(query));
  knex.on("query-error", (_error: unknown, query: QueryEvent) => finished(query));
  return {
    remember(connection: CancellableConnection & { __knexUid?: string; once?: pg.Client["once"] }) {
      const uid = connection.__knexUid;
      if (!uid) return;
      connections.set(uid, connection);
      connection.once?.("end", () => connections.delete(uid));
    },
  };
}

/** Cancels the scope's running statements on PostgreSQL; how many were cancelled. */
export async function cancelScope(scope: QueryScope, connectionString: string): Promise<number> {
  const pids: number[] = [];
  for (const connection of scope.running.values()) {
    connection.__bjhtzCancelled = true;
    if (connection.processID) pids.push(connection.processID);
  }
  scope.running.clear();
  if (pids.length === 0) return 0;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query(
      "select count(*) filter (where pg_cancel_backend(pid)) as cancelled from unnest($1::int[]) pid",
      [pids],
    );
    return Number(result.rows[0].cancelled);
  } finally {
    await client.end();
  }
}
