import { createHash } from "node:crypto";
import type { Knex } from "knex";

type Db = Knex | Knex.Transaction;

/**
 * The statement name of each SQL text whose bindings are all plain values, by that text: knex then compiles it
 * to the same statement whatever the values (only `??` identifiers and array or Raw bindings splice text into
 * it), so its name is hashed once per process instead of compiling and hashing ~4 KB on every request
 * (issue #16: ~40 µs of the stored-block analysis's ~2 ms of Node CPU). A pure function of the code's fixed
 * texts: no state that differs between two app servers.
 */
const namesByText = new Map<string, string>();

/**
 * A raw statement PostgreSQL prepares once per pooled connection (a named statement, its name the hash of its
 * text): the next executions skip parsing and, after PostgreSQL's first five custom plans, planning — the
 * stored-block analysis planned for ~0.8 ms of its ~2 ms on every request (issue #16). Only for statements
 * whose text is fixed (values bound, not spliced): each distinct text stays prepared on every connection.
 * PGlite runs it as a plain statement.
 */
export function preparedRaw(db: Db, sql: string, bindings: readonly Knex.RawBinding[]): Knex.Raw {
  const raw = db.raw(sql, bindings as Knex.RawBinding[]);
  if (db.client.config.client !== "pg") return raw;
  const fixedText = !sql.includes("??") && bindings.every(isPlainValue);
  let name = fixedText ? namesByText.get(sql) : undefined;
  if (name === undefined) {
    name = statementName(raw.toSQL().sql);
    if (fixedText) namesByText.set(sql, name);
  }
  return raw.options({ name });
}

/** The name of a compiled statement: `p_` and 24 hex digits of the SHA-1 of its text. */
function statementName(compiledSql: string): string {
  return `p_${createHash("sha1").update(compiledSql).digest("hex").slice(0, 24)}`;
}

/** A binding knex sends as one parameter without changing the statement's text. */
function isPlainValue(value: Knex.RawBinding): boolean {
  return value === null || ["number", "string", "boolean", "bigint"].includes(typeof value);
}
