import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobInState } from "../helpers/job-wait.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { flagRunWrites, flagYear } from "./flag-year.js";

/**
 * Issue #14 item 1: DELETE /api/jobs/:id while a 责令整改 flag run (an `evaluation-flags` job, one transaction)
 * is working. A test trigger holds each insert of a flag row for 1.5 s, so the cancel surely falls inside the
 * run's transaction. PostgreSQL: the cancel is written from another connection, the job sees it at its next
 * step, and the whole run rolls back — no flag, rectification, run record or audit row, the blocks' statuses
 * as before, the job `cancelled`. PGlite: the run's transaction holds the one connection, so the cancel is
 * answered only after the run has committed — 409 job-finished — and the run is complete (all, not part).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
// PGlite in its worker thread whatever the run's default: the check waits for its thread to be busy.
process.env.PGLITE_WORKER = "1";
const YEAR = 2036;
let t: TestApp;
let ids: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  ids = await flagYear(t, YEAR, "取消");
  await t.db.knex.raw(`create function hold_flag() returns trigger language plpgsql as $$
    begin perform pg_sleep(1.5); return new; end; $$`);
  await t.db.knex.raw(
    "create trigger hold_flag after insert on evaluation_flags for each row execute function hold_flag()",
  );
});
afterAll(async () => t?.close());

const written = () => flagRunWrites(t.db.knex, YEAR);

/** Whether a statement of the flag run is inside the held insert (PostgreSQL: another session's view). */
async function insideHeldInsert(): Promise<boolean> {
  const rows = await t.db.knex.raw(
    `select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
       and state = 'active' and query ilike 'insert into "evaluation_flags"%'`,
  );
  return rows.rows.length > 0;
}

/** No other session of this database is inside a transaction (the run's has ended). */
async function noOpenTransaction(): Promise<boolean> {
  const rows = await t.db.knex.raw(
    `select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
       and xact_start is not null and query ilike '%evaluation_flags%'`,
  );
  return rows.rows.length === 0;
}

describe("cancelling a running flag run", { timeout: 120_000 }, () => {
  it(
    onPostgres
      ? "rolls the whole run back: nothing written, the job cancelled"
      : "answers the cancel after the run committed (409) and the run is complete",
    async () => {
      const before = await written();
      expect(before).toMatchObject({ flags: 0, runs: 0, audit: 0 });
      const started = await t.app.inject({ method: "POST", url: `/api/evaluations/${YEAR}/flag-bottom` });
      expect(started.statusCode, started.body).toBe(202);
      const id = started.json().id as number;
      if (onPostgres) {
        await jobInState(t.app.inject.bind(t.app), id, ["running"]);
        await expect.poll(insideHeldInsert, { timeout: 60_000 }).toBe(true);
        const cancel = await t.app.inject({ method: "DELETE", url: `/api/jobs/${id}` });
        expect(cancel.statusCode, cancel.body).toBe(200);
        expect(cancel.json().state).toBe("cancelled");
        await expect.poll(noOpenTransaction, { timeout: 60_000 }).toBe(true);
        expect((await t.app.inject({ method: "GET", url: `/api/jobs/${id}` })).json().state).toBe(
          "cancelled",
        );
        expect(await written()).toEqual(before);
      } else {
        // The held insert keeps the one connection (a GET of the job would wait too): the DELETE is sent once
        // PGlite's thread has been on one statement for 0.5 s, and waits behind the whole run.
        const busyForMs = t.db.busyForMs;
        if (!busyForMs) throw new Error("this check needs PGlite in its worker thread (PGLITE_WORKER=1)");
        await expect.poll(() => (busyForMs() ?? 0) >= 500, { timeout: 60_000 }).toBe(true);
        const cancel = await t.app.inject({ method: "DELETE", url: `/api/jobs/${id}` });
        expect(cancel.statusCode, cancel.body).toBe(409);
        expect(cancel.json().error.code).toBe("job-finished");
        const job = await jobInState(t.app.inject.bind(t.app), id, ["succeeded", "failed", "cancelled"]);
        expect(job.state).toBe("succeeded");
        const result = (await t.app.inject({ method: "GET", url: `/api/jobs/${id}/result` })).json();
        const after = await written();
        // The weakest of our blocks is ordered to rectify: its flag, record and status are all there.
        const ours = (result.flagged as { blockId: number; outcome: string }[]).filter(
          (entry) => entry.blockId === ids[0],
        );
        expect(ours).toMatchObject([{ outcome: "rectify" }]);
        expect(
          await t.db.knex("evaluation_flags").where({ year: YEAR, block_id: ids[0] }).first(),
        ).toBeDefined();
        expect(await t.db.knex("rectifications").where({ block_id: ids[0] }).first()).toBeDefined();
        expect((await t.db.knex("blocks").where({ id: ids[0] }).first()).status).toBe("rectifying");
        expect(after).toMatchObject({ runs: 1, audit: 1 });
        expect(after.flags).toBeGreaterThanOrEqual(1);
      }
    },
  );
});
