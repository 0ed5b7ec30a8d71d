import type { ServerResponse } from "node:http";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { changeEventsSchema } from "../schemas/events.js";
import { changeFeed } from "./change-feed.js";

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * `GET /events` (issue #18 item 4): server-sent events for every signed-in page. `event: ready` with the
 * newest id first, then `event: change` for each block written, job finished or setting changed, with `id:`
 * set so a reconnecting EventSource resumes after the last one it had (`Last-Event-ID`).
 */
export const eventRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const feed = changeFeed(stores.changeEvents, (error) => app.log.error(error, "reading change_events"));
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    feed.stop();
    for (const stream of open) stream.end();
  });

  app.get("/events", { schema: changeEventsSchema }, async (request, reply) => {
    const resumeFrom = Number(request.headers["last-event-id"]);
    const latestId = await stores.changeEvents.latestId();
    const sentUpTo =
      Number.isSafeInteger(resumeFrom) && resumeFrom >= 0 ? Math.min(resumeFrom, latestId) : latestId;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    raw.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ latestId })}\n\n`);
    const keepAlive = setInterval(() => raw.write(": keep-alive\n\n"), KEEPALIVE_MS);
    const subscriber = {
      sentUpTo,
      send: (event: { id: number }) =>
        raw.write(`id: ${event.id}\nevent: change\ndata: ${JSON.stringify(event)}\n\n`),
    };
    open.add(raw);
    feed.add(subscriber);
    request.raw.on("close", () => {
      clearInterval(keepAlive);
      feed.remove(subscriber);
      open.delete(raw);
      if (!raw.writableEnded) raw.end();
    });
  });
};
