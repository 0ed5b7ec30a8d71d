import type { Knex } from "knex";
import { JOB_COLUMNS, type Job, toJob } from "./job-store.js";

/** What a succeeded job leaves: a summary (JSON) and optionally a file kept until it expires. */
export interface JobOutcome {
  summary: unknown;
  /** The file's bytes, or (`appendedBytes`) how many the job already wrote as chunks (appendChunk). */
  file?:
    | { name: string; contentType: string; body: Uint8Array }
    | { name: string; contentType: string; appendedBytes: number };
}

/**
 * The queue side of the jobs table: servers claim queued jobs with `for update skip locked` (two servers never
 * take the same job, and neither waits for the other's lock), beat while they run, and sweep what a stopped
 * server left running. Progress and the end of a job are guarded by `worker = ?`: a server that lost its job
 * (swept as stale, or cancelled) writes nothing more to it.
 */
export function jobQueueStore(knex: Knex, chunkBytes = FILE_CHUNK_BYTES) {
  /** The oldest queued job of one of `kinds`, now running on `worker`; undefined when none is queued. */
  async function claimNext(worker: string, kinds: string[]): Promise<Job | undefined> {
    if (kinds.length === 0) return undefined;
    const result = await knex.raw(
      `update jobs set state = 'running', worker = ?, started_at = coalesce(started_at, now()),
              heartbeat_at = now(), updated_at = now()
        where id = (select id from jobs where state = 'queued' and kind = any(?)
                     order by id limit 1 for update skip locked)
        returning ${JOB_COLUMNS}`,
      [worker, kinds],
    );
    return result.rows[0] ? toJob(result.rows[0]) : undefined;
  }

  /** Records progress; false when the job is no longer this worker's running job (cancelled, swept). */
  async function progress(
    id: number,
    worker: string,
    step: { done: number; total: number; stage: string },
    db: Knex | Knex.Transaction = knex,
  ): Promise<boolean> {
    const updated = await db.raw(
      `update jobs set progress_done = ?, progress_total = ?, stage = ?, heartbeat_at = now(), updated_at = now()
        where id = ? and state = 'running' and worker = ? returning id`,
      [step.done, step.total, step.stage, id, worker],
    );
    return updated.rows.length > 0;
  }

  /** Still alive (without moving the progress): the sweep leaves the job alone. */
  async function beat(worker: string): Promise<void> {
    await knex.raw("update jobs set heartbeat_at = now() where state = 'running' and worker = ?", [worker]);
  }

  /**
   * Ends the job as succeeded with its summary and file. The file goes in chunks (`chunkBytes`), each its own
   * short statement, before the one update that makes the job succeeded. Every chunk write is guarded by
   * `worker = ?` like the update: a server that lost the job (swept, cancelled) neither writes nor removes the
   * chunks of the server that now has it; chunks a stopped server left are replaced when the job runs again.
   */
  async function succeed(
    id: number,
    worker: string,
    outcome: JobOutcome,
    keepHours: number,
    db: Knex | Knex.Transaction = knex,
  ): Promise<boolean> {
    const file = outcome.file;
    const body = file && "body" in file ? file.body : undefined;
    if (!file || body) {
      await db.raw(`delete from job_file_chunks where job_id = ? and ${OWNED}`, [id, id, worker]);
      if (body) await writeChunks(db, id, worker, body, chunkBytes);
    }
    const updated = await db.raw(
      `update jobs set state = 'succeeded', result = ?, progress_done = progress_total, stage = 'done',
              file_name = ?, content_type = ?, file_bytes = ?,
              expires_at = now() + make_interval(secs => ?), finished_at = now(), updated_at = now()
        where id = ? and state = 'running' and worker = ? returning id`,
      [
        JSON.stringify(outcome.summary ?? null),
        file?.name ?? null,
        file?.contentType ?? null,
        file ? (body?.byteLength ?? (file as { appendedBytes: number }).appendedBytes) : null,
        keepHours * 3600,
        id,
        worker,
      ],
    );
    if (updated.rows.length > 0) return true;
    // Lost meanwhile: what it wrote goes, unless another server has the job now (its chunks are its own).
    await db.raw(
      `delete from job_file_chunks where job_id = ? and not exists
         (select 1 from jobs where id = ? and (state = 'succeeded' or (state = 'running' and worker <> ?)))`,
      [id, id, worker],
    );
    return false;
  }

  /**
   * The next bytes of the job's file, written while the job runs (a streamed zip: the file never is whole in
   * memory) as chunks `n`, `n` + 1, … of at most `chunkBytes`, each its own statement; chunk 0 first replaces
   * what a stopped server left. How many chunks it wrote; false when the job is no longer this worker's.
   */
  async function appendChunk(
    id: number,
    worker: string,
    n: number,
    data: Uint8Array,
  ): Promise<number | false> {
    if (n === 0)
      await knex.raw(`delete from job_file_chunks where job_id = ? and ${OWNED}`, [id, id, worker]);
    let written = 0;
    for (const piece of pieces(data, chunkBytes)) {
      if (!(await insertChunk(knex, id, worker, n + written, piece))) return false;
      written += 1;
    }
    return written;
  }

  async function fail(id: number, worker: string, message: string): Promise<boolean> {
    const updated = await knex.raw(
      `update jobs set state = 'failed', error = ?, finished_at = now(), updated_at = now()
        where id = ? and state = 'running' and worker = ? returning id`,
      [message, id, worker],
    );
    return updated.rows.length > 0;
  }

  /**
   * Jobs running on a server that stopped beating `staleSeconds` ago (0: every running job not on `worker`,
   * for the embedded database, which one process owns): those of `resumable` kinds are queued again, the others
   * failed with the reason. Returns how many of each.
   */
  async function sweepInterrupted(
    worker: string,
    staleSeconds: number,
    resumable: string[],
  ): Promise<{ requeued: number; failed: number }> {
    const stale = `state = 'running' and (worker is distinct from ?)
      and (? = 0 or heartbeat_at < now() - make_interval(secs => ?))`;
    const requeued = await knex.raw(
      `update jobs set state = 'queued', worker = null, stage = 'queued',
              interrupted = 'A server stopped while this job ran; it was queued again and started over.',
              updated_at = now()
        where ${stale} and kind = any(?) returning id`,
      [worker, staleSeconds, staleSeconds, resumable],
    );
    const failed = await knex.raw(
      `update jobs set state = 'failed', finished_at = now(), updated_at = now(),
              interrupted = 'A server stopped while this job ran.',
              error = 'interrupted: the server stopped while this job ran; it wrote nothing (its write is one ' ||
                      'transaction). Start it again.'
        where ${stale} and not (kind = any(?)) returning id`,
      [worker, staleSeconds, staleSeconds, resumable],
    );
    return { requeued: requeued.rows.length, failed: failed.rows.length };
  }

  /** Hands back this worker's running jobs (graceful shutdown): queued again for another server. */
  async function handBack(worker: string): Promise<number> {
    const updated = await knex.raw(
      `update jobs set state = 'queued', worker = null, stage = 'queued', updated_at = now(),
              interrupted = 'A server shut down while this job ran; it was handed back and started over.'
        where state = 'running' and worker = ? returning id`,
      [worker],
    );
    return updated.rows.length;
  }

  /** Clears result files and summaries past their expiry; returns how many. */
  async function cleanupExpired(): Promise<number> {
    const updated = await knex.raw(
      `with gone as (
         update jobs set result = null, expired_at = now(), updated_at = now()
          where expires_at < now() and expired_at is null returning id),
       chunks as (delete from job_file_chunks c using gone where c.job_id = gone.id)
       select id from gone`,
    );
    return updated.rows.length;
  }

  return {
    claimNext,
    progress,
    beat,
    succeed,
    appendChunk,
    fail,
    sweepInterrupted,
    handBack,
    cleanupExpired,
  };
}

/** 4 MiB: a chunk's insert on PostgreSQL is tens of milliseconds. */
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * 256 KiB on the embedded database: its one connection is held by each insert, and a bytea parameter costs
 * PGlite ~200 ms a MiB (4 MiB: 0.8–1.5 s; 0.5 MiB: ~100 ms), so other requests wait at most ~50 ms for a chunk
 * (issue #14: a 5,000-block package's 410 MB in 4 MiB chunks gave health p99 968 ms on PGlite).
 */
export const EMBEDDED_FILE_CHUNK_BYTES = 256 * 1024;

/** `body` in pieces of at most `bytes` (views, not copies). */
function* pieces(body: Uint8Array, bytes: number): Generator<Uint8Array> {
  for (let start = 0; start < body.byteLength; start += bytes)
    yield body.subarray(start, Math.min(body.byteLength, start + bytes));
}

/** The job (first `?`) is running on this worker (second `?`). */
const OWNED = "exists (select 1 from jobs where id = ? and state = 'running' and worker = ?)";

async function writeChunks(
  db: Knex | Knex.Transaction,
  jobId: number,
  worker: string,
  body: Uint8Array,
  chunkBytes: number,
): Promise<void> {
  let n = 0;
  for (const piece of pieces(body, chunkBytes)) await insertChunk(db, jobId, worker, n++, piece);
}

async function insertChunk(
  db: Knex | Knex.Transaction,
  jobId: number,
  worker: string,
  n: number,
  chunk: Uint8Array,
): Promise<boolean> {
  const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const inserted = await db.raw(
    `insert into job_file_chunks (job_id, n, data)
       select ?::bigint, ?::integer, ?::bytea where ${OWNED} returning n`,
    [jobId, n, data, jobId, worker],
  );
  return inserted.rows.length > 0;
}

export type JobQueueStore = ReturnType<typeof jobQueueStore>;
