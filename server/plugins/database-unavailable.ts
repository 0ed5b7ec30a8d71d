import { ApiError } from "../errors.js";

/** Seconds a client is told to wait while the database is away (Retry-After). */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** SQLSTATEs of a database going away: shutdown, terminated backend, cannot connect now, too many clients. */
const GONE_STATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const GONE_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
const GONE_MESSAGES = /Connection terminated|connection is closed|Client has encountered a connection error/i;

/**
 * `503` with `Retry-After` for a database that is restarting or full (issue #14 item 5): the request wrote
 * nothing (its transaction never committed), and the pool opens new connections once the server is back,
 * without an app restart. Undefined for every other error.
 */
export function databaseUnavailable(error: unknown): ApiError | undefined {
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (name === "KnexTimeoutError") {
    return new ApiError(
      503,
      "database-busy",
      `Every database connection is in use; try again in ${UNAVAILABLE_RETRY_SECONDS} s. 数据库繁忙，请稍后重试。`,
      { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS },
    );
  }
  const gone =
    (typeof code === "string" && (GONE_STATES.has(code) || GONE_ERRNOS.has(code))) ||
    (typeof message === "string" && GONE_MESSAGES.test(message));
  if (!gone) return undefined;
  return new ApiError(
    503,
    "database-unavailable",
    `The database is not available at the moment; try again in ${UNAVAILABLE_RETRY_SECONDS} s. 数据库暂时不可用，请稍后重试。`,
    { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS },
  );
}
