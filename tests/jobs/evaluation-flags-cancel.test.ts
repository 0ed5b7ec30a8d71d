import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveYear } from "../evaluation/approve-year.js";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import { rectangle } from "../helpers/geodesic.js";
import { jobInState } from "../helpers/job-wait.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

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
const ids: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const [{ id: parkId }] = await t.db
    .knex("parks")
    .insert({
      code: `test-cancel-${process.pid}`,
      name: "取消测试园",
      name_en: "Cancel",
      district: "test",
      category: "B",
    })
    .returning("id");
  // Four of our own blocks; the first is far the weakest, so the bottom 5% is not empty.
  const strengths = [0.3, 1, 1.1, 1.2];
  for (const [index] of strengths.entries()) {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(117.6 + index * 0.02, 39.2, 117.61 + index * 0.02, 39.21),
        properties: {
          name: `取消测试${index + 1}`,
          parkId,
          level: "municipal",
          status: "recognized",
          attributes: { recognizedOn: `${YEAR}-01-01` },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    ids.push(created.json().properties.id);
  }
  const rows = ids.map((blockId, index) => ({
    blockId,
    ...Object.fromEntries(
      Object.entries(INDICATOR_INPUTS).map(([key, value]) => [key, Math.round(value * strengths[index])]),
    ),
  }));
  const put = await t.app.inject({
    method: "PUT",
    url: `/api/evaluations/${YEAR}/indicators`,
    payload: { rows },
  });
  expect(put.statusCode, put.body).toBe(200);
  await approveYear(t, YEAR, { ignoreIncomplete: true });
  await t.db.knex.raw(`create function hold_flag() returns trigger language plpgsql as $$
    begin perform pg_sleep(1.5); return new; end; $$`);
  await t.db.knex.raw(
    "create trigger hold_flag after insert on evaluation_flags for each row execute function hold_flag()",
  );
});
afterAll(async () => t?.close());

/** What a flag run of YEAR writes (also on the demo's blocks it acts on), counted; every block's status. */
async function written() {
  const count = async (query: ReturnType<TestApp["db"]["knex"]>) =>
    Number(((await query.count({ n: "*" })) as { n: number | string }[])[0].n);
  const { knex } = t.db;
  return {
    flags: await count(knex("evaluation_flags").where({ year: YEAR })),
    runs: await count(knex("evaluation_runs").where({ year: YEAR })),
    rectifications: await count(knex("rectifications")),
    outcomes: await count(knex("rectification_outcomes")),
    audit: await count(
      knex("audit_events").where({ action: "evaluation.flag-bottom", entity_id: String(YEAR) }),
    ),
    statuses: (await knex("blocks").orderBy("id").pluck("status")) as string[],
  };
}

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
