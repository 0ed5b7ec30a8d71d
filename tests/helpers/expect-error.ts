import { expect } from "vitest";

/**
 * A refused request: the status, the error code and a message in the body every error carries
 * (`{ error: { code, message, details? } }`). A status alone can pass for the wrong reason.
 */
export function expectError(
  response: { statusCode: number; json(): unknown },
  statusCode: number,
  code: string,
): void {
  const body = response.json() as { error?: { code?: unknown; message?: unknown } };
  expect({ statusCode: response.statusCode, code: body.error?.code }).toEqual({ statusCode, code });
  expect(body.error?.message).toEqual(expect.stringMatching(/\S/));
}
