import type { FastifyInstance } from "fastify";
import type { Database } from "../db/connect.js";
import { inQueryScope, newQueryScope } from "../db/query-cancel.js";

/** Server-sent event streams end by the client closing them: that is no hang-up to cancel for. */
const STREAMS = /^\/api\/(events|jobs\/[^/?]+\/events)(\?|$)/;

/**
 * Issue #15 item 3: when the client of an `/api` request closes its connection before the answer is sent,
 * the statements the request still runs are cancelled (PostgreSQL; db/query-cancel.ts), instead of running
 * to the statement timeout and holding a pooled connection. The handler runs in the request's query scope
 * (entered in preHandler, once the body is read); the cancelled statement ends the handler with 57014, whose
 * answer nobody receives. On the embedded database nothing can be interrupted: the statement runs to its end.
 */
export function cancelOnHangUp(app: FastifyInstance, db: Database): void {
  app.addHook("preHandler", (request, reply, done) => {
    if (!request.url.startsWith("/api/") || STREAMS.test(request.url)) return done();
    const scope = newQueryScope();
    reply.raw.once("close", () => {
      if (reply.raw.writableFinished || scope.running.size === 0) return;
      db.cancelQueries(scope).then(
        (cancelled) => {
          if (cancelled > 0) request.log.info({ cancelled }, "client went away: statements cancelled");
        },
        (error) => request.log.warn({ err: error }, "client went away: cancelling its statements failed"),
      );
    });
    inQueryScope(scope, done);
  });
}
