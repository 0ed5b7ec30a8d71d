/**
 * A real app server process for the kill -9 test (exit-batch-job.test.ts): opens the database (DATABASE_URL, or
 * the PGlite folder DATA_DIR, first filled from the test template SNAPSHOT), starts an exit batch over every
 * live municipal block as an account of its own, and prints `JOB <id> <total>` then `PROGRESS <done> <total>
 * running` as the job writes its progress, until the test kills it with SIGKILL.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildApp } from "../../server/app.js";
import { hashPassword, randomSecret, secretHash } from "../../server/auth/secrets.js";
import { readConfig } from "../../server/config.js";
import { accountStore } from "../../server/db/account-store.js";
import { openDatabase } from "../../server/db/connect.js";
import { ENDED_STATUSES } from "../../server/domain/block.js";

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR ?? "";
const fresh = !databaseUrl && !existsSync(path.join(dataDir, "PG_VERSION"));
const snapshot = fresh ? new Blob([await readFile(process.env.SNAPSHOT as string)]) : undefined;
// The job's own progress writes, printed as they are made (on PGlite a second reader would wait its turn).
const opened = await openDatabase({ databaseUrl, dataDir, snapshot });
const raw = opened.knex.raw.bind(opened.knex);
const watchedRaw = (sql: string, bindings?: unknown[]) => {
  if (typeof sql === "string" && sql.startsWith("update jobs set progress_done") && bindings) {
    console.log(`PROGRESS ${bindings[0]} ${bindings[1]} running`);
  }
  return bindings === undefined ? raw(sql) : raw(sql, bindings as never);
};
const knex = new Proxy(opened.knex, {
  get: (target, key) => (key === "raw" ? watchedRaw : Reflect.get(target, key)),
});
const db = { ...opened, knex, jobKnex: opened.jobKnex === opened.knex ? knex : opened.jobKnex };
const config = readConfig({});
const app = await buildApp({
  config: { ...config, databaseUrl, jobs: { ...config.jobs, concurrency: 1, perAccount: 10 } },
  db,
  logger: false,
});
await app.ready();
const accounts = accountStore(db.knex);
const id = await accounts.create({
  login: `kill-test-${process.pid}`,
  name: "kill -9 测试",
  passwordHash: await hashPassword(randomSecret()),
  roles: ["lead"],
  parkIds: [],
  allParks: true,
});
const token = randomSecret();
await accounts.createToken(id, "kill-test", secretHash(token));
const blockIds = (await db
  .knex("blocks")
  .where({ level: "municipal" })
  .whereNotIn("status", [...ENDED_STATUSES])
  .orderBy("id")
  .pluck("id")) as number[];
const started = await app.inject({
  method: "POST",
  url: "/api/exit-batch",
  headers: { authorization: `Bearer ${token}` },
  payload: { blockIds, save: true },
});
if (started.statusCode !== 202) {
  console.log(`FAILED ${started.statusCode} ${started.body}`);
  process.exit(1);
}
const jobId = started.json().id as number;
console.log(`JOB ${jobId} ${blockIds.length}`);
// Runs until killed.
setInterval(() => {}, 1000);
