import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RequestQueueConfig } from "../config.js";
import { ApiError } from "../errors.js";

/** Seconds a client is told to wait before it asks again (Retry-After). */
export const BUSY_RETRY_SECONDS = 2;

/** Server-sent event streams stay open for minutes: they hold no place in the queue (they read in short steps). */
const STREAMS = /^\/api\/(events|jobs\/[^/?]+\/events)(\?|$)/;

/**
 * Backpressure on the embedded database (issue #14 item 4): PGlite has one connection, so `/api` requests
 * beyond `concurrent` wait here, first come first served; past `limit` waiting, or after `waitMs` in the queue,
 * a request gets `503 busy` with `Retry-After` at once instead of hanging until the client gives up. Static
 * files and event streams do not queue. A request holds its place until its response is sent, or until its
 * client hangs up: Fastify runs `onResponse` only when a response finished, and an answer written after the
 * client closed the socket never finishes, so the place is also given back on the response's `close`. (Before
 * that, each client that gave up mid-request — the map cancels its tile requests when it moves — kept a place
 * forever; with PGlite in its worker thread the server notices the hang-up before it answers, so eight of
 * them stopped every request until 503.) A client that hangs up while waiting leaves the queue.
 * Decision: an abandoned request's statement still runs to its end on PGlite (it cannot be interrupted), so
 * for that moment one more request than `concurrent` may be inside; knex's one connection orders them.
 */
export function requestQueue(app: FastifyInstance, options: RequestQueueConfig): RequestQueueState {
  let active = 0;
  const waiting: { admit(): void }[] = [];
  const state = { active: () => active, waiting: () => waiting.length };
  const holding = new WeakSet<FastifyRequest>();
  if (options.concurrent <= 0) return state;

  function release(request: FastifyRequest): void {
    if (!holding.delete(request)) return;
    const next = waiting.shift();
    if (next) next.admit();
    else active -= 1;
  }

  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/") || STREAMS.test(request.url)) return;
    reply.raw.once("close", () => release(request));
    if (active < options.concurrent) {
      active += 1;
      holding.add(request);
      return;
    }
    reply.header("retry-after", String(BUSY_RETRY_SECONDS));
    if (waiting.length >= options.limit) throw busy(`${waiting.length} requests are already waiting`);
    await new Promise<void>((resolve, reject) => {
      const leave = (why: string) => {
        clearTimeout(timer);
        reply.raw.off("close", gone);
        const at = waiting.indexOf(entry);
        if (at >= 0) waiting.splice(at, 1);
        reject(busy(why));
      };
      const gone = () => leave("its client went away while it waited");
      const entry = {
        admit: () => {
          clearTimeout(timer);
          reply.raw.off("close", gone);
          reply.removeHeader("retry-after");
          holding.add(request);
          resolve();
        },
      };
      const timer = setTimeout(
        () => leave(`it waited ${options.waitMs} ms for the database`),
        options.waitMs,
      );
      reply.raw.once("close", gone);
      waiting.push(entry);
    });
  });
  app.addHook("onResponse", async (request) => release(request));
  return state;
}

/** How many requests hold a place, and how many wait for one. */
export interface RequestQueueState {
  active(): number;
  waiting(): number;
}

function busy(why: string): ApiError {
  return new ApiError(
    503,
    "busy",
    `The server is busy (${why}); try again in ${BUSY_RETRY_SECONDS} s. 服务器繁忙，请稍后重试。`,
    { retryAfterSeconds: BUSY_RETRY_SECONDS },
  );
}
