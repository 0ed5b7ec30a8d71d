// PGlite's lost answers (issue #16): PGlite 0.5.8 runs each protocol message with
//   try { _PostgresMainLoopOnce() } catch { if (not its own longjmp) /* nothing */ }
// so an exception out of the WebAssembly that is not PostgreSQL's error longjmp — seen from GEOS inside
// PostGIS, e.g. ST_Union over a block's intersections with overlapping zones — ends the statement silently:
// no error, no CommandComplete, the rows so far (often none). A SELECT then answers "no row" (an aggregate
// without GROUP BY has one row in PostgreSQL, always), and a write may keep what it did before the failure
// (in autocommit even committed). This guard makes that loud: every Execute (extended protocol, `query`) and
// every simple Query (`exec`) must end with CommandComplete or EmptyQueryResponse (an Execute with a row limit
// may end with PortalSuspended); when it
// does not, the call fails with SQLSTATE XX000 and the reason, so the caller's transaction rolls back (knex)
// and a job fails with the reason instead of reporting a short answer. Plain JavaScript: the worker thread
// (pglite-thread.mjs) and the in-process instance (connect.ts, PGLITE_WORKER=0) both install it.

const EXECUTE = 0x45; // 'E'
const QUERY = 0x51; // 'Q'
const ENDS = new Set(["commandComplete", "emptyQuery", "portalSuspended"]);
const ENDS_ALL_ROWS = new Set(["commandComplete", "emptyQuery"]);

/** An Execute message's row limit: 'E', int32 length, portal name (C string), int32 maxRows. */
function executeMaxRows(sent) {
  const nul = sent.indexOf(0, 5);
  if (nul < 0 || nul + 5 > sent.length) return undefined;
  return new DataView(sent.buffer, sent.byteOffset + nul + 1, 4).getInt32(0);
}

export const LOST_ANSWER_MESSAGE =
  "The embedded database (PGlite) lost this statement's answer: PostGIS/GEOS failed inside WebAssembly " +
  "without reporting an error (the statement ended without completing; its transaction is rolled back). " +
  "This data needs PostgreSQL + PostGIS (set DATABASE_URL).";

/** Whether the messages answering `sent` show its statement(s) completed (or failed with an error). */
export function answerComplete(sent, messages) {
  const kind = sent?.[0];
  if (kind !== EXECUTE && kind !== QUERY) return true;
  const names = messages.map((message) => message?.name).filter((name) => name !== "notice");
  if (names.includes("error")) return true;
  if (kind === EXECUTE) {
    // PortalSuspended ends an Execute only when it asked for at most maxRows rows; query() asks for all (0),
    // and a lost answer comes back as a bare PortalSuspended.
    const ends = executeMaxRows(sent) === 0 ? ENDS_ALL_ROWS : ENDS;
    return names.some((name) => ends.has(name));
  }
  // A simple Query: its last statement's end comes just before ReadyForQuery (or last).
  const last = names.filter((name) => name !== "readyForQuery").pop();
  return last === undefined || ENDS.has(last);
}

/** Wraps the instance's execProtocolStream (what query() and exec() send each message through). */
export function guardLostAnswers(pglite) {
  const original = pglite.execProtocolStream.bind(pglite);
  pglite.execProtocolStream = async (message, options) => {
    const messages = await original(message, options);
    if (!answerComplete(message, messages)) {
      throw Object.assign(new Error(LOST_ANSWER_MESSAGE), { code: "XX000", lostAnswer: true });
    }
    return messages;
  };
  return pglite;
}
