import type { Knex } from "knex";

/** Where a job is: queued → running → succeeded | failed | cancelled (cancel also from queued). */
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: number;
  kind: string;
  owner: string;
  params: Record<string, unknown>;
  state: JobState;
  progress: { done: number; total: number; stage: string };
  /** Present once succeeded (what the job made, e.g. the report's rows). */
  result: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

interface JobRow {
  id: number;
  kind: string;
  owner: string;
  params: Record<string, unknown> | string;
  state: JobState;
  progress_done: number;
  progress_total: number;
  stage: string;
  result: unknown;
  error: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
}

const SUMMARY_COLUMNS = `id, kind, owner, params, state, progress_done, progress_total, stage, error, created_at,
  started_at, finished_at, updated_at`;

/**
 * Durable background jobs (issue #16; issue #14 extends them): every state change is a row update, so a job's
 * state survives the process, and a restart finds what was running. Transitions are guarded in SQL (`where
 * state = …`): a cancelled job cannot be marked succeeded by a worker that has not noticed yet.
 */
export function jobStore(knex: Knex) {
  async function create(
    kind: string,
    owner: string,
    params: Record<string, unknown>,
    db: Knex | Knex.Transaction = knex,
  ): Promise<Job> {
    const result = await db.raw(
      `insert into jobs (kind, owner, params) values (?, ?, ?) returning ${SUMMARY_COLUMNS}`,
      [kind, owner, JSON.stringify(params)],
    );
    return toJob(result.rows[0]);
  }

  /** The job without its result (which can be large). */
  async function get(id: number): Promise<Job | undefined> {
    const result = await knex.raw(`select ${SUMMARY_COLUMNS} from jobs where id = ?`, [id]);
    return result.rows[0] ? toJob(result.rows[0]) : undefined;
  }

  async function result(id: number): Promise<unknown> {
    const found = await knex.raw("select result from jobs where id = ?", [id]);
    return found.rows[0]?.result ?? null;
  }

  /** queued → running; false when the job is no longer queued (cancelled, or claimed already). */
  async function claim(id: number): Promise<boolean> {
    return transition(id, ["queued"], "running", "started_at = now(),");
  }

  /** Records progress of a running job; false when it is no longer running (cancelled): stop then. */
  async function progress(id: number, done: number, total: number, stage: string): Promise<boolean> {
    const updated = await knex.raw(
      `update jobs set progress_done = ?, progress_total = ?, stage = ?, updated_at = now()
        where id = ? and state = 'running' returning id`,
      [done, total, stage, id],
    );
    return updated.rows.length > 0;
  }

  async function succeed(id: number, value: unknown): Promise<boolean> {
    const updated = await knex.raw(
      `update jobs set state = 'succeeded', result = ?, progress_done = progress_total, finished_at = now(),
              updated_at = now() where id = ? and state = 'running' returning id`,
      [JSON.stringify(value), id],
    );
    return updated.rows.length > 0;
  }

  async function fail(id: number, message: string): Promise<boolean> {
    const updated = await knex.raw(
      `update jobs set state = 'failed', error = ?, finished_at = now(), updated_at = now()
        where id = ? and state = 'running' returning id`,
      [message, id],
    );
    return updated.rows.length > 0;
  }

  /** queued/running → cancelled; false when it had finished already. */
  async function cancel(id: number, db: Knex | Knex.Transaction = knex): Promise<boolean> {
    return transition(id, ["queued", "running"], "cancelled", "finished_at = now(),", db);
  }

  /** After a restart: jobs that were running lost their worker; they are queued again. Returns the queued ids. */
  async function requeueInterrupted(): Promise<number[]> {
    await knex.raw("update jobs set state = 'queued', updated_at = now() where state = 'running'");
    const queued = await knex.raw("select id from jobs where state = 'queued' order by id");
    return queued.rows.map((row: { id: number }) => Number(row.id));
  }

  async function transition(
    id: number,
    from: JobState[],
    to: JobState,
    extra: string,
    db: Knex | Knex.Transaction = knex,
  ): Promise<boolean> {
    const updated = await db.raw(
      `update jobs set state = ?, ${extra} updated_at = now()
        where id = ? and state in (${from.map(() => "?").join(", ")}) returning id`,
      [to, id, ...from],
    );
    return updated.rows.length > 0;
  }

  return { create, get, result, claim, progress, succeed, fail, cancel, requeueInterrupted };
}

export type JobStore = ReturnType<typeof jobStore>;

function toJob(row: JobRow): Job {
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: Number(row.id),
    kind: row.kind,
    owner: row.owner,
    params: typeof row.params === "string" ? JSON.parse(row.params) : row.params,
    state: row.state,
    progress: { done: row.progress_done, total: row.progress_total, stage: row.stage },
    result: undefined,
    error: row.error,
    createdAt: iso(row.created_at) as string,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    updatedAt: iso(row.updated_at) as string,
  };
}
