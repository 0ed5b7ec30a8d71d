// The embedded database's worker thread (issue #14 item 2): PGlite + PostGIS run here, off the server's event
// loop, so one slow query no longer stops every request. Plain JavaScript (no tsx in the worker: it starts in
// ~0.1 s less). The main thread's side is server/db/pglite-worker.ts; messages are
// { id, op: "query" | "exec" | "dump" | "close", sql?, params?, options? } and the answer is
// { id, ok: true, value } or { id, ok: false, error: { message, code, detail, position, … } }.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { postgis } from "@electric-sql/pglite-postgis";
import { guardLostAnswers } from "./pglite-lost-answer.mjs";

/** An error as plain data: PostgreSQL's fields (code, detail, position, hint, …) survive the thread boundary. */
function plainError(error) {
  const plain = { message: error instanceof Error ? error.message : String(error) };
  if (error && typeof error === "object") {
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ["string", "number", "boolean"].includes(typeof value)) plain[key] = value;
    }
    if (typeof error.name === "string") plain.name = error.name;
  }
  return plain;
}

const { dataDir, snapshot } = workerData;
let pglite;
try {
  pglite = new PGlite(dataDir, {
    extensions: { postgis },
    loadDataDir: snapshot ? new Blob([snapshot]) : undefined,
  });
  await pglite.waitReady;
  guardLostAnswers(pglite);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: plainError(error) });
}

async function run(message) {
  switch (message.op) {
    case "query":
      return { value: await pglite.query(message.sql, message.params, message.options) };
    case "exec":
      return { value: await pglite.exec(message.sql, message.options) };
    case "dump": {
      const buffer = await (await pglite.dumpDataDir(message.compression)).arrayBuffer();
      return { value: buffer, transfer: [buffer] };
    }
    case "close":
      if (!pglite.closed) await pglite.close();
      return { value: null };
    default:
      throw new Error(`Unknown operation ${message.op}`);
  }
}

parentPort.on("message", async (message) => {
  try {
    const { value, transfer } = await run(message);
    parentPort.postMessage({ id: message.id, ok: true, value }, transfer ?? []);
    if (message.op === "close") parentPort.close();
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: plainError(error) });
  }
});
