import type { Feature, MultiPolygon } from "geojson";
import type { Knex } from "knex";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
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

export type BlockChange = Partial<Omit<NewBlock, "geoJson">> & { geoJson?: string };

/** What a write records about itself in the history (who, and what kind of change). */
export interface WriteContext {
  actor: string;
  change: string;
}

export interface BlockVersion {
  version: number;
  change: string;
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

  /** Optimistic concurrency: the write happens only if the block is still at `expectedVersion`. */
  async function update(
    id: number,
    expectedVersion: number,
    change: BlockChange,
    context: WriteContext,
  ): Promise<UpdateResult> {
    return knex.transaction(async (trx) => {
      const current = await trx("blocks").select("version").where({ id }).forUpdate().first();
      if (!current) return { outcome: "not-found" };
      if (current.version !== expectedVersion)
        return { outcome: "conflict", currentVersion: current.version };
      const columns: Record<string, unknown> = {
        version: expectedVersion + 1,
        updated_at: trx.fn.now(),
        updated_by: context.actor,
      };
      if (change.code !== undefined) columns.code = change.code;
      if (change.name !== undefined) columns.name = change.name;
      if (change.parkId !== undefined) columns.park_id = change.parkId;
      if (change.level !== undefined) columns.level = change.level;
      if (change.status !== undefined) columns.status = change.status;
      if (change.attributes !== undefined) columns.attributes = JSON.stringify(change.attributes);
      if (change.geoJson !== undefined) {
        columns.geom = multiPolygonFromGeoJson(trx, change.geoJson);
      }
      await trx("blocks").update(columns).where({ id });
      if (change.geoJson !== undefined) {
        await trx.raw(`update blocks set area_m2 = ${ellipsoidalAreaM2Sql("geom")} where id = ?`, [id]);
      }
      await appendVersion(trx, id, context);
      return { outcome: "updated", block: (await get(id, trx)) as BlockFeature };
    });
  }

  async function history(id: number): Promise<BlockVersion[]> {
    const rows = await knex("block_versions")
      .select(
        knex.raw(`version, change, name, park_id, level, status, attributes, area_m2, changed_at, changed_by,
          ${asGeoJsonSql("geom")} as geojson`),
      )
      .where({ block_id: id })
      .orderBy("version");
    return rows.map((row) => ({
      version: row.version,
      change: row.change,
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

  return { list, get, create, update, history };
}

export type BlockStore = ReturnType<typeof blockStore>;

/** Runs `work` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Knex.Transaction) : (db as Knex).transaction(work);
}

async function appendVersion(trx: Knex.Transaction, blockId: number, context: WriteContext): Promise<void> {
  await trx.raw(
    `insert into block_versions (block_id, version, change, name, park_id, level, status, attributes, geom,
       area_m2, changed_at, changed_by)
     select id, version, ?, name, park_id, level, status, attributes, geom, area_m2, updated_at, ?
       from blocks where id = ?`,
    [context.change, context.actor, blockId],
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
