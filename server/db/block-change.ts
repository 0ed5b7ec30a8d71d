import type { Knex } from "knex";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import type { BlockChange } from "./block-store.js";
import { asGeoJsonSql, multiPolygonFromGeoJson } from "./geometry.js";

/** What a write compares against: the block row, locked for the rest of the transaction. */
export interface LockedRow {
  version: number;
  status: BlockStatus;
  code: string | null;
  name: string;
  park_id: number;
  level: BlockLevel;
  attributes: Record<string, unknown>;
}

export function lockedRow(trx: Knex.Transaction, id: number): Promise<LockedRow | undefined> {
  return trx("blocks")
    .select("version", "status", "code", "name", "park_id", "level", "attributes")
    .where({ id })
    .forUpdate()
    .first();
}

/** The columns `change` really changes (none for an empty or identical write). */
export async function changedColumns(
  trx: Knex.Transaction,
  id: number,
  current: LockedRow,
  change: BlockChange,
): Promise<Record<string, unknown>> {
  const columns: Record<string, unknown> = {};
  if (change.code !== undefined && change.code !== current.code) columns.code = change.code;
  if (change.name !== undefined && change.name !== current.name) columns.name = change.name;
  if (change.parkId !== undefined && change.parkId !== current.park_id) columns.park_id = change.parkId;
  if (change.level !== undefined && change.level !== current.level) columns.level = change.level;
  if (change.attributes !== undefined && !sameJson(change.attributes, current.attributes)) {
    columns.attributes = JSON.stringify(change.attributes);
  }
  if (change.geoJson !== undefined) {
    const incoming = multiPolygonFromGeoJson(trx, change.geoJson);
    // Identical as the API shows it (lon/lat to 1e-9°, ~0.1 mm): a client sending back what it read changes nothing.
    const same = await trx.raw(
      `select ${asGeoJsonSql("geom")} = ${asGeoJsonSql("?")} as same from blocks where id = ?`,
      [incoming, id],
    );
    if (!same.rows[0]?.same) columns.geom = multiPolygonFromGeoJson(trx, change.geoJson);
  }
  return columns;
}

/** Equal as stored JSON (jsonb does not keep key order, so keys are compared sorted). */
function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
