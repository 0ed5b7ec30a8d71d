import type { Knex } from "knex";
import type { BlockAction } from "../domain/block-lifecycle.js";
import { m2ToKm2 } from "../domain/units.js";
import { asGeoJsonSql } from "./geometry.js";

type Db = Knex | Knex.Transaction;

/** 《中国开发区审核公告目录》 membership of a block (migration 20261201_15_filings). */
export interface CatalogueEntry {
  inCatalogue: boolean;
  zoneName: string | null;
  zoneCode: string | null;
  changedAt: string;
  changedBy: string;
}

/** A 备案 record: the exit or reduction of a catalogue block, for the national ministries. */
export interface Filing {
  id: number;
  blockId: number;
  blockName: string;
  blockCode: string | null;
  change: "exit" | "reduce";
  decision: string | null;
  zoneName: string | null;
  zoneCode: string | null;
  versionBefore: number;
  versionAfter: number;
  areaBeforeKm2: number;
  areaAfterKm2: number;
  removedKm2: number;
  filedOn: string | null;
  ministryReference: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** The actions that take land out of the catalogue (不再纳入开发区目录范围). */
const FILED_ACTIONS: readonly BlockAction[] = ["exit", "reduce"];

const FILING_COLUMNS = `f.id, f.block_id, b.name as block_name, b.code as block_code, f.change, f.decision,
  f.zone_name, f.zone_code, f.version_before, f.version_after, f.area_before_m2, f.area_after_m2,
  f.filed_on::text as filed_on, f.ministry_reference, f.created_at, f.created_by, f.updated_at, f.updated_by`;

export function filingStore(knex: Knex) {
  const catalogueEntry = (blockId: number, db: Db = knex) => catalogueEntryOf(db, blockId);

  async function setCatalogueEntry(
    blockId: number,
    entry: { inCatalogue: boolean; zoneName: string | null; zoneCode: string | null },
    actor: string,
    trx: Knex.Transaction,
  ): Promise<void> {
    await trx("block_catalogue_entries").insert({
      block_id: blockId,
      in_catalogue: entry.inCatalogue,
      zone_name: entry.zoneName,
      zone_code: entry.zoneCode,
      changed_by: actor,
    });
  }

  async function list(filter: { blockId?: number; ids?: number[] } = {}, db: Db = knex): Promise<Filing[]> {
    const query = db("filings as f").join("blocks as b", "b.id", "f.block_id").select(db.raw(FILING_COLUMNS));
    if (filter.blockId !== undefined) query.where("f.block_id", filter.blockId);
    if (filter.ids !== undefined) query.whereIn("f.id", filter.ids);
    return (await query.orderBy("f.id")).map(toFiling);
  }

  async function update(
    id: number,
    change: { filedOn?: string | null; ministryReference?: string | null },
    actor: string,
    trx: Knex.Transaction,
  ): Promise<{ before: Filing; after: Filing } | undefined> {
    const [before] = await list({ ids: [id] }, trx);
    if (!before) return undefined;
    const columns: Record<string, unknown> = { updated_by: actor, updated_at: trx.fn.now() };
    if (change.filedOn !== undefined) columns.filed_on = change.filedOn;
    if (change.ministryReference !== undefined) columns.ministry_reference = change.ministryReference;
    await trx("filings").update(columns).where({ id });
    const [after] = await list({ ids: [id] }, trx);
    return { before, after };
  }

  /** The removed and kept land of filings as GeoJSON text (null where there is none). */
  async function geometries(ids: number[], db: Db = knex) {
    if (ids.length === 0) return new Map<number, { removed: string | null; kept: string | null }>();
    const rows = await db("filings")
      .whereIn("id", ids)
      .select(
        "id",
        db.raw(`${asGeoJsonSql("removed_geom")} as removed, ${asGeoJsonSql("kept_geom")} as kept`),
      );
    return new Map(rows.map((row) => [Number(row.id), { removed: row.removed, kept: row.kept }]));
  }

  return { catalogueEntry, setCatalogueEntry, list, update, geometries };
}

export type FilingStore = ReturnType<typeof filingStore>;

/**
 * In the transaction of a block's lifecycle action, after its new version is written: an exit or a reduction
 * of a block in the catalogue adds its 备案 record (同步报有关国家部委备案): the land removed (for an exit the
 * whole block) and the land kept, from the versions before and after.
 */
export async function recordFilingIfCatalogued(
  trx: Knex.Transaction,
  change: {
    blockId: number;
    action: BlockAction;
    reason: string | null;
    actor: string;
    versionBefore: number;
  },
): Promise<void> {
  if (!FILED_ACTIONS.includes(change.action)) return;
  const entry = await catalogueEntryOf(trx, change.blockId);
  if (!entry?.inCatalogue) return;
  const exit = change.action === "exit";
  await trx.raw(
    `insert into filings (block_id, change, decision, zone_name, zone_code, version_before, version_after,
        area_before_m2, area_after_m2, removed_geom, kept_geom, created_by, updated_by)
     select b.block_id, ?, ?, ?, ?, b.version, a.version, b.area_m2, ${exit ? "0" : "a.area_m2"},
        ${exit ? "b.geom" : "ST_Multi(ST_CollectionExtract(ST_Difference(b.geom, a.geom), 3))"},
        ${exit ? "null" : "a.geom"}, ?, ?
       from block_versions b join block_versions a on a.block_id = b.block_id and a.version = b.version + 1
      where b.block_id = ? and b.version = ?`,
    [
      change.action,
      change.reason,
      entry.zoneName,
      entry.zoneCode,
      change.actor,
      change.actor,
      change.blockId,
      change.versionBefore,
    ],
  );
}

async function catalogueEntryOf(db: Db, blockId: number): Promise<CatalogueEntry | null> {
  const row = await db("block_catalogue_entries").where({ block_id: blockId }).orderBy("id", "desc").first();
  if (!row) return null;
  return {
    inCatalogue: row.in_catalogue,
    zoneName: row.zone_name,
    zoneCode: row.zone_code,
    changedAt: new Date(row.changed_at).toISOString(),
    changedBy: row.changed_by,
  };
}

function toFiling(row: Record<string, unknown>): Filing {
  const before = Number(row.area_before_m2);
  const after = Number(row.area_after_m2);
  return {
    id: Number(row.id),
    blockId: row.block_id as number,
    blockName: row.block_name as string,
    blockCode: row.block_code as string | null,
    change: row.change as Filing["change"],
    decision: row.decision as string | null,
    zoneName: row.zone_name as string | null,
    zoneCode: row.zone_code as string | null,
    versionBefore: row.version_before as number,
    versionAfter: row.version_after as number,
    areaBeforeKm2: m2ToKm2(before),
    areaAfterKm2: m2ToKm2(after),
    removedKm2: m2ToKm2(before - after),
    filedOn: (row.filed_on as string | null) ?? null,
    ministryReference: row.ministry_reference as string | null,
    createdAt: new Date(row.created_at as string).toISOString(),
    createdBy: row.created_by as string,
    updatedAt: new Date(row.updated_at as string).toISOString(),
    updatedBy: row.updated_by as string,
  };
}
