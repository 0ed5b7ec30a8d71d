/**
 * An expected failure with its HTTP status; the error handler renders it as
 * `{ error: { code, message, details? } }`. Anything else becomes a 500 whose message is hidden.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiError(400, code, message, details);

export const notFound = (what: string, id: unknown) =>
  new ApiError(404, "not-found", `${what} ${id} does not exist.`);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new ApiError(409, "version-conflict", message, details);
