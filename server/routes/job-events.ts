import type { ServerResponse } from "node:http";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { notFound } from "../errors.js";
import { jobEventsSchema } from "../schemas/jobs.js";
import { parseId } from "./params.js";

/** How often an open stream reads its job (any server may be running it: the row is the truth). */
const READ_EVERY_MS = 300;
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;
const ENDED = new Set(["succeeded", "failed", "cancelled"]);

/**
 * `GET /jobs/:id/events`: server-sent events. `event: job` with the job (state, progress, stage) now and at
 * every change, then the stream ends once the job has (succeeded, failed, cancelled). Reads the row, so a job
 * run by another server streams the same; a closing server ends its streams (the client reconnects elsewhere).
 */
export const jobEventsRoute: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const stream of open) stream.end();
  });

  app.get("/jobs/:id/events", { schema: jobEventsSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    let job = await stores.jobs.get(id);
    if (!job) throw notFound("Job", id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    open.add(raw);
    let closed = false;
    request.raw.on("close", () => {
      closed = true;
    });
    let sent = "";
    let lastWrite = Date.now();
    while (!closed && job && !raw.writableEnded) {
      const text = JSON.stringify(job);
      if (text !== sent) {
        raw.write(`event: job\nid: ${job.id}-${Date.parse(job.updatedAt)}\ndata: ${text}\n\n`);
        sent = text;
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite > KEEPALIVE_MS) {
        raw.write(": keep-alive\n\n");
        lastWrite = Date.now();
      }
      if (ENDED.has(job.state)) break;
      await new Promise((resolve) => setTimeout(resolve, READ_EVERY_MS));
      job = await stores.jobs.get(id).catch(() => job);
    }
    open.delete(raw);
    if (!raw.writableEnded) raw.end();
  });
};
