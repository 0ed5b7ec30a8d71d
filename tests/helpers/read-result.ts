import type { ReadResult } from "../../server/formats/read-failure.js";

/** What a reader read; a failure fails the test with the reader's reason and message. */
export function readValue<T>(result: ReadResult<T>): T {
  if (!result.ok) throw new Error(`expected the file to be read, got ${result.reason}: ${result.message}`);
  return result.value;
}
