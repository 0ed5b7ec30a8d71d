import type { Feature, MultiPolygon } from "geojson";
import type { Knex } from "knex";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import {
  type BlockAction,
  canStartAs,
  checkTransition,
  type TransitionCheck,
} from "../domain/block-lifecycle.js";
import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
import { changedColumns, lockedRow } from "./block-change.js";
import { recordFilingIfCatalogued } from "./filing-store.js";
import { asGeoJsonSql, ellipsoidalAreaM2Sql, multiPolygonFromGeoJson } from "./geometry.js";

export interface BlockProperties {
  id: number;
  code: string | null;
  name: string;
  parkId: number;
  parkCode: string;
  parkName: string;
  level: BlockLevel;
  status: BlockStatus;
  version: number;
  areaKm2: number;
  areaHectares: number;
  attributes: Record<string, unknown>;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}
export type BlockFeature = Feature<MultiPolygon, BlockProperties>;

export interface BlockFilter {
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
  /** Only these blocks (a job reads its selection page by page). */
  ids?: readonly number[];
}

export interface NewBlock {
  code?: string | null;
  name: string;
  parkId: number;
  level: BlockLevel;
  status: BlockStatus;
  attributes?: Record<string, unknown>;
  /** GeoJSON text of a valid Polygon or MultiPolygon in lon/lat. */
  geoJson: string;
}

/** What a plain edit may change: everything but the status, which only a lifecycle action changes. */
export type BlockChange = Partial<Omit<NewBlock, "geoJson" | "status">> & { geoJson?: string };

/** What a write records about itself in the history (who, what kind of change, and why). */
export interface WriteContext {
  actor: string;
  change: string;
  reason?: string | null;
}

export interface BlockVersion {
  version: number;
  change: string;
  reason: string | null;
  name: string;
  parkId: number;
  level: BlockLevel;
  status: BlockStatus;
  attributes: Record<string, unknown>;
  areaKm2: number;
  areaHectares: number;
  changedAt: string;
  changedBy: string;
  geometry: MultiPolygon;
}

export type UpdateResult =
  | { outcome: "updated"; block: BlockFeature }
  /** The write would change nothing: no version is added (#15.6). */
  | { outcome: "unchanged"; block: BlockFeature }
  | { outcome: "not-found" }
  | { outcome: "conflict"; currentVersion: number };

export type ActionResult =
  | { outcome: "updated"; block: BlockFeature }
  | { outcome: "not-allowed"; check: Extract<TransitionCheck, { allowed: false }> }
  | { outcome: "not-found" }
  | { outcome: "conflict"; currentVersion: number };

type Db = Knex | Knex.Transaction;

const BLOCK_COLUMNS = `b.id, b.code, b.name, b.park_id, p.code as park_code, p.name as park_name, b.level,
  b.status, b.version, b.area_m2, b.attributes, b.created_at, b.created_by, b.updated_at, b.updated_by,
  ${asGeoJsonSql("b.geom")} as geojson`;

/** Blocks with their append-only history. Every write is one transaction and adds one version row. */
export function blockStore(knex: Knex) {
  async function list(filter: BlockFilter = {}, db: Db = knex): Promise<BlockFeature[]> {
    const query = db("blocks as b").join("parks as p", "p.id", "b.park_id").select(db.raw(BLOCK_COLUMNS));
    if (filter.parkId !== undefined) query.where("b.park_id", filter.parkId);
    if (filter.level) query.where("b.level", filter.level);
    if (filter.status) query.where("b.status", filter.status);
    if (filter.ids) query.whereIn("b.id", [...filter.ids]);
    const rows = await query.orderBy("b.id");
    return rows.map(toFeature);
  }

  async function get(id: number, db: Db = knex): Promise<BlockFeature | undefined> {
    const row = await db("blocks as b")
      .join("parks as p", "p.id", "b.park_id")
      .select(db.raw(BLOCK_COLUMNS))
      .where("b.id", id)
      .first();
    return row ? toFeature(row) : undefined;
  }

  async function create(block: NewBlock, context: WriteContext, db: Db = knex): Promise<BlockFeature> {
    if (!canStartAs(block.status)) throw new Error(`A new block cannot start as "${block.status}".`);
    return inTransaction(db, async (trx) => {
      const [{ id }] = await trx("blocks")
        .insert({
          code: block.code ?? null,
          name: block.name,
          park_id: block.parkId,
          level: block.level,
          status: block.status,
          attributes: JSON.stringify(block.attributes ?? {}),
          geom: multiPolygonFromGeoJson(trx, block.geoJson),
          area_m2: 0,
          created_by: context.actor,
          updated_by: context.actor,
        })
        .returning("id");
      await trx.raw(`update blocks set area_m2 = ${ellipsoidalAreaM2Sql("geom")} where id = ?`, [id]);
      await appendVersion(trx, id, context);
      return (await get(id, trx)) as BlockFeature;
    });
  }

  /**
   * Optimistic concurrency: the write happens only if the block is still at `expectedVersion`.
   * A change that changes nothing (no field differs, the same geometry) adds no version (#15.6).
   */
  async function update(
    id: number,
    expectedVersion: number,
    change: BlockChange,
    context: WriteContext,
    db: Db = knex,
  ): Promise<UpdateResult> {
    return inTransaction(db, async (trx) => {
      const current = await lockedRow(trx, id);
      if (!current) return { outcome: "not-found" };
      if (current.version !== expectedVersion)
        return { outcome: "conflict", currentVersion: current.version };
      const columns = await changedColumns(trx, id, current, change);
      if (Object.keys(columns).length === 0) {
        return { outcome: "unchanged", block: (await get(id, trx)) as BlockFeature };
      }
      return { outcome: "updated", block: await write(trx, id, expectedVersion, columns, context) };
    });
  }

  /**
   * A lifecycle action (domain/block-lifecycle.ts): the status changes only as the rule allows, checked on
   * the locked row; `geoJson` is the new boundary of a reduction. One transaction with its history row.
   */
  async function act(
    id: number,
    expectedVersion: number,
    action: BlockAction,
    context: WriteContext & { geoJson?: string },
    db: Db = knex,
  ): Promise<ActionResult> {
    return inTransaction(db, async (trx) => {
      const current = await lockedRow(trx, id);
      if (!current) return { outcome: "not-found" };
      if (current.version !== expectedVersion)
        return { outcome: "conflict", currentVersion: current.version };
      const check = checkTransition(current.status, action);
      if (!check.allowed) return { outcome: "not-allowed", check };
      const columns: Record<string, unknown> = { status: check.to };
      if (context.geoJson !== undefined) columns.geom = multiPolygonFromGeoJson(trx, context.geoJson);
      const block = await write(trx, id, expectedVersion, columns, context);
      // 备案: an exit or reduction of a catalogue block records its filing in this transaction (filing-store.ts).
      await recordFilingIfCatalogued(trx, {
        blockId: id,
        action,
        reason: context.reason ?? null,
        actor: context.actor,
        versionBefore: expectedVersion,
      });
      return { outcome: "updated", block };
    });
  }

  async function write(
    trx: Knex.Transaction,
    id: number,
    expectedVersion: number,
    columns: Record<string, unknown>,
    context: WriteContext,
  ): Promise<BlockFeature> {
    await trx("blocks")
      .update({
        ...columns,
        version: expectedVersion + 1,
        updated_at: trx.fn.now(),
        updated_by: context.actor,
      })
      .where({ id });
    if (columns.geom !== undefined) {
      await trx.raw(`update blocks set area_m2 = ${ellipsoidalAreaM2Sql("geom")} where id = ?`, [id]);
    }
    await appendVersion(trx, id, context);
    return (await get(id, trx)) as BlockFeature;
  }

  async function history(id: number, db: Db = knex): Promise<BlockVersion[]> {
    const rows = await db("block_versions")
      .select(
        db.raw(`version, change, reason, name, park_id, level, status, attributes, area_m2, changed_at,
          changed_by, ${asGeoJsonSql("geom")} as geojson`),
      )
      .where({ block_id: id })
      .orderBy("version");
    return rows.map((row) => ({
      version: row.version,
      change: row.change,
      reason: row.reason ?? null,
      name: row.name,
      parkId: row.park_id,
      level: row.level,
      status: row.status,
      attributes: row.attributes,
      areaKm2: m2ToKm2(row.area_m2),
      areaHectares: m2ToHectares(row.area_m2),
      changedAt: new Date(row.changed_at).toISOString(),
      changedBy: row.changed_by,
      geometry: JSON.parse(row.geojson),
    }));
  }

  /** Ids of the blocks with this status and level, in id order. */
  async function ids(filter: { status: BlockStatus; level: BlockLevel }, db: Db = knex): Promise<number[]> {
    const rows = await db("blocks").select("id").where(filter).orderBy("id");
    return rows.map((row) => row.id as number);
  }

  /** Which of `ids` are stored blocks. */
  async function existingIds(ids: readonly number[], db: Db = knex): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await db("blocks").select("id").whereIn("id", ids);
    return new Set(rows.map((row) => row.id as number));
  }

  return { list, get, create, update, act, history, ids, existingIds };
}

export type BlockStore = ReturnType<typeof blockStore>;

/** Runs `work` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Knex.Transaction) : (db as Knex).transaction(work);
}

async function appendVersion(trx: Knex.Transaction, blockId: number, context: WriteContext): Promise<void> {
  await trx.raw(
    `insert into block_versions (block_id, version, change, reason, name, park_id, level, status, attributes,
       geom, area_m2, changed_at, changed_by)
     select id, version, ?, ?, name, park_id, level, status, attributes, geom, area_m2, updated_at, ?
       from blocks where id = ?`,
    [context.change, context.reason ?? null, context.actor, blockId],
  );
}

interface BlockRow {
  id: number;
  code: string | null;
  name: string;
  park_id: number;
  park_code: string;
  park_name: string;
  level: BlockLevel;
  status: BlockStatus;
  version: number;
  area_m2: number;
  attributes: Record<string, unknown>;
  created_at: string | Date;
  created_by: string;
  updated_at: string | Date;
  updated_by: string;
  geojson: string;
}

function toFeature(row: BlockRow): BlockFeature {
  return {
    type: "Feature",
    id: row.id,
    geometry: JSON.parse(row.geojson),
    properties: {
      id: row.id,
      code: row.code,
      name: row.name,
      parkId: row.park_id,
      parkCode: row.park_code,
      parkName: row.park_name,
      level: row.level,
      status: row.status,
      version: row.version,
      areaKm2: m2ToKm2(row.area_m2),
      areaHectares: m2ToHectares(row.area_m2),
      attributes: row.attributes,
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
      updatedAt: new Date(row.updated_at).toISOString(),
      updatedBy: row.updated_by,
    },
  };
}
