import type { Knex } from "knex";

/** Where a job is: queued → running → succeeded | failed | cancelled (cancel also from queued). */
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A result file kept in the database until it expires. */
export interface JobFileInfo {
  name: string;
  contentType: string;
  bytes: number;
}

export interface Job {
  id: number;
  kind: string;
  owner: string;
  ownerAccountId: number | null;
  params: Record<string, unknown>;
  state: JobState;
  progress: { done: number; total: number; stage: string };
  /** Present once succeeded (what the job made, e.g. the report's rows). */
  result: unknown;
  error: string | null;
  /** The result file (name, type, size) while it is kept; null without one or once expired. */
  file: JobFileInfo | null;
  /** When the result is cleaned up; `expired` once it has been. */
  expiresAt: string | null;
  expired: boolean;
  /** Set when a server stopped while the job ran: what became of it (resumed, or why it failed). */
  interrupted: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

interface JobRow {
  id: number;
  kind: string;
  owner: string;
  owner_account_id: number | null;
  params: Record<string, unknown> | string;
  state: JobState;
  progress_done: number;
  progress_total: number;
  stage: string;
  error: string | null;
  file_name: string | null;
  content_type: string | null;
  file_bytes: number | null;
  expires_at: Date | string | null;
  expired_at: Date | string | null;
  interrupted: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
}

export const JOB_COLUMNS = `id, kind, owner, owner_account_id, params, state, progress_done, progress_total, stage,
  error, file_name, content_type, file_bytes, expires_at, expired_at, interrupted, created_at, started_at,
  finished_at, updated_at`;

export interface NewJob {
  kind: string;
  owner: string;
  ownerAccountId: number | null;
  params: Record<string, unknown>;
}

/**
 * Durable background jobs (issue #16; issue #14): every state change is a row update, so a job's state survives
 * the process and any server sees it. Transitions are guarded in SQL (`where state = …`): a cancelled job cannot
 * be marked succeeded by a worker that has not noticed yet. Claiming, heartbeats and sweeps: job-queue-store.ts.
 */
export function jobStore(knex: Knex) {
  async function create(job: NewJob, db: Knex | Knex.Transaction = knex): Promise<Job> {
    const result = await db.raw(
      `insert into jobs (kind, owner, owner_account_id, params) values (?, ?, ?, ?) returning ${JOB_COLUMNS}`,
      [job.kind, job.owner, job.ownerAccountId, JSON.stringify(job.params)],
    );
    return toJob(result.rows[0]);
  }

  /** The job without its result (which can be large). */
  async function get(id: number, db: Knex | Knex.Transaction = knex): Promise<Job | undefined> {
    const result = await db.raw(`select ${JOB_COLUMNS} from jobs where id = ?`, [id]);
    return result.rows[0] ? toJob(result.rows[0]) : undefined;
  }

  /** An account's most recent jobs, newest first. */
  async function recent(accountId: number, limit: number): Promise<Job[]> {
    const result = await knex.raw(
      `select ${JOB_COLUMNS} from jobs where owner_account_id = ? order by id desc limit ?`,
      [accountId, limit],
    );
    return result.rows.map(toJob);
  }

  /** How many of an account's jobs are queued or running (the per-account limit). */
  async function activeCount(accountId: number, db: Knex | Knex.Transaction = knex): Promise<number> {
    const result = await db.raw(
      "select count(*)::int as n from jobs where owner_account_id = ? and state in ('queued', 'running')",
      [accountId],
    );
    return Number(result.rows[0].n);
  }

  async function result(id: number): Promise<unknown> {
    const found = await knex.raw("select result from jobs where id = ?", [id]);
    return found.rows[0]?.result ?? null;
  }

  /**
   * The result file (null without one or once expired): its name, type and size, and its bytes as the chunks
   * in order (job-queue-store.ts writes them), read one at a time so a download of hundreds of MB holds one
   * chunk in memory.
   */
  async function file(id: number): Promise<(JobFileInfo & { chunks: () => AsyncGenerator<Buffer> }) | null> {
    const found = await knex.raw(
      `select file_name, content_type, file_bytes, (select count(*)::int from job_file_chunks where job_id = j.id) as n
         from jobs j where id = ? and file_name is not null and expired_at is null`,
      [id],
    );
    const row = found.rows[0];
    if (!row) return null;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let n = 0; n < row.n; n++) {
        const chunk = await knex.raw("select data from job_file_chunks where job_id = ? and n = ?", [id, n]);
        if (!chunk.rows[0]) throw new Error(`Job ${id}'s file lost its chunk ${n}.`);
        yield Buffer.from(chunk.rows[0].data);
      }
    }
    return { name: row.file_name, contentType: row.content_type, bytes: Number(row.file_bytes), chunks };
  }

  /** queued/running → cancelled; false when it had finished already. */
  async function cancel(id: number, db: Knex | Knex.Transaction = knex): Promise<boolean> {
    const updated = await db.raw(
      `update jobs set state = 'cancelled', finished_at = now(), updated_at = now(),
              stage = case when state = 'queued' then stage else 'cancelled' end
        where id = ? and state in ('queued', 'running') returning id`,
      [id],
    );
    return updated.rows.length > 0;
  }

  return { create, get, recent, activeCount, result, file, cancel };
}

export type JobStore = ReturnType<typeof jobStore>;

export function toJob(row: JobRow): Job {
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: Number(row.id),
    kind: row.kind,
    owner: row.owner,
    ownerAccountId: row.owner_account_id === null ? null : Number(row.owner_account_id),
    params: typeof row.params === "string" ? JSON.parse(row.params) : row.params,
    state: row.state,
    progress: { done: row.progress_done, total: row.progress_total, stage: row.stage },
    result: undefined,
    error: row.error,
    file:
      row.file_name && row.expired_at === null
        ? { name: row.file_name, contentType: row.content_type ?? "", bytes: Number(row.file_bytes) }
        : null,
    expiresAt: iso(row.expires_at),
    expired: row.expired_at !== null,
    interrupted: row.interrupted,
    createdAt: iso(row.created_at) as string,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    updatedAt: iso(row.updated_at) as string,
  };
}
