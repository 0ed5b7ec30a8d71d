import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILE_CHUNK_BYTES, jobQueueStore } from "../../server/db/job-queue-store.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14: a job's result file is kept in chunks (a 5,000-block package is hundreds of MB: as one bytea its
 * UPDATE outlived the statement timeout), written only while the job is the writer's, and downloaded whole.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function runningJob(worker: string): Promise<number> {
  const [{ id }] = await t.db
    .knex("jobs")
    .insert({ kind: "catalogue-package", owner: "t", params: "{}", state: "running", worker })
    .returning("id");
  return Number(id);
}

async function chunkCount(id: number): Promise<number> {
  const [row] = await t.db.knex("job_file_chunks").where({ job_id: id }).count({ n: "*" });
  return Number(row.n);
}

describe("a job's result file in chunks", () => {
  it("keeps 2¼ chunks' worth in three chunks and serves exactly those bytes", async () => {
    const queue = jobQueueStore(t.db.knex);
    const id = await runningJob("server-a");
    const body = new Uint8Array(randomBytes(2 * FILE_CHUNK_BYTES + FILE_CHUNK_BYTES / 4));
    const file = { name: "catalogue-package.zip", contentType: "application/zip", body };
    expect(await queue.succeed(id, "server-a", { summary: { bytes: body.byteLength }, file }, 24)).toBe(true);
    expect(await chunkCount(id)).toBe(3);

    const response = await t.app.inject({ method: "GET", url: `/api/jobs/${id}/file` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-length"]).toBe(String(8_388_608 + 1_048_576));
    expect(response.headers["content-disposition"]).toContain("catalogue-package.zip");
    expect(Buffer.compare(response.rawPayload, Buffer.from(body))).toBe(0);
  }, 120_000);

  it("writes nothing for a server that lost the job, and leaves the chunks of the one that has it", async () => {
    const queue = jobQueueStore(t.db.knex);
    const id = await runningJob("server-b");
    const file = { name: "a.zip", contentType: "application/zip", body: new Uint8Array([1, 2, 3]) };
    // A stale server that was swept: the job is server-b's now.
    expect(await queue.succeed(id, "server-stale", { summary: null, file }, 24)).toBe(false);
    expect(await chunkCount(id)).toBe(0);
    expect(await queue.succeed(id, "server-b", { summary: null, file }, 24)).toBe(true);
    expect(await queue.succeed(id, "server-stale", { summary: null, file }, 24)).toBe(false);
    expect(await chunkCount(id)).toBe(1);
    const response = await t.app.inject({ method: "GET", url: `/api/jobs/${id}/file` });
    expect([...response.rawPayload]).toEqual([1, 2, 3]);
  });

  it("drops the chunks of a job cancelled before its last write", async () => {
    const queue = jobQueueStore(t.db.knex);
    const id = await runningJob("server-c");
    await t.db.knex("jobs").where({ id }).update({ state: "cancelled" });
    const file = { name: "a.zip", contentType: "application/zip", body: new Uint8Array(16) };
    expect(await queue.succeed(id, "server-c", { summary: null, file }, 24)).toBe(false);
    expect(await chunkCount(id)).toBe(0);
    expect((await t.app.inject({ method: "GET", url: `/api/jobs/${id}/file` })).statusCode).toBe(409);
  });
});

describe("a job's file written as it goes (appendChunk)", () => {
  it("splits each append into chunks of at most the store's size, numbered on, and serves them in order", async () => {
    const queue = jobQueueStore(t.db.knex, 1_000);
    const id = await runningJob("server-d");
    const first = new Uint8Array(randomBytes(2_500));
    const second = new Uint8Array(randomBytes(700));
    expect(await queue.appendChunk(id, "server-d", 0, first)).toBe(3);
    expect(await queue.appendChunk(id, "server-d", 3, second)).toBe(1);
    expect(await queue.appendChunk(id, "server-stale", 4, second)).toBe(false);
    expect(await chunkCount(id)).toBe(4);
    const sizes = await t.db
      .knex("job_file_chunks")
      .where({ job_id: id })
      .orderBy("n")
      .select(t.db.knex.raw("octet_length(data) as bytes"));
    expect(sizes.map((row: { bytes: number }) => Number(row.bytes))).toEqual([1_000, 1_000, 500, 700]);
    const file = { name: "a.zip", contentType: "application/zip", appendedBytes: 3_200 };
    expect(await queue.succeed(id, "server-d", { summary: null, file }, 24)).toBe(true);
    const response = await t.app.inject({ method: "GET", url: `/api/jobs/${id}/file` });
    expect(response.statusCode).toBe(200);
    expect(Buffer.compare(response.rawPayload, Buffer.concat([first, second]))).toBe(0);
  });
});
