import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { canStartAs } from "../domain/block-lifecycle.js";
import { drawBlockIds, newBlockRecord, newBlockRecordsetSql } from "./block-create-many.js";
import type { NewBlock } from "./block-store.js";
import { ellipsoidalAreaM2Sql } from "./geometry.js";

/**
 * The staged import commit (issue #14, embedded PGlite: its one connection is never held for seconds). Each
 * chunk of a few blocks is ONE statement (tables of migration 20261205_10_import_staging):
 * the blocks to be with their tile columns (the blocks' own row trigger function), their overlaps with the zone
 * layers and with every block and staged block — what the blocks' triggers would derive. Nothing staged is
 * read by the application. `publish` then makes the import visible in ONE transaction of copies (the caller's,
 * with the history, audit and job rows). Overlaps are rows of ellipsoidal areas like derive_block_overlaps'.
 */
export interface StagedBlock {
  id: number;
  position: number;
  block: NewBlock;
}

/** Overlaps under 0.01 m² are boundary contact, as in derive_block_overlaps (migration 20261201_19_tiles). */
const MIN_OVERLAP_M2 = 0.01;

/**
 * The layer overlaps of the blocks `source` (rows id, geom) picked by `where`: derive_block_overlaps' query
 * (migration 19).
 */
function layerOverlapsSelect(source: string, where: string, staging: string): string {
  return `
  with hits as (
    select b.id, z.kind as layer, bool_or(ST_CoveredBy(b.geom, p.geom)) as covered
      from ${source} b
      join zone_parts p on p.geom && b.geom and ST_Intersects(p.geom, b.geom)
      join zones z on z.id = p.zone_id
     where ${where}
     group by b.id, z.kind)
  select ${staging}, id, layer, overlap_m2 from (
    select h.id, h.layer,
           case when h.covered then (select ${ellipsoidalAreaM2Sql("b.geom")} from ${source} b where b.id = h.id)
                else (select ${ellipsoidalAreaM2Sql("ST_Union(ST_Intersection(b.geom, p.geom), 1e-12)")}
                        from ${source} b
                        join zone_parts p on p.geom && b.geom and ST_Intersects(p.geom, b.geom)
                        join zones z on z.id = p.zone_id and z.kind = h.layer
                       where b.id = h.id) end as overlap_m2
      from hits h) d
   where overlap_m2 > ${MIN_OVERLAP_M2}`;
}

/** The layer overlaps of staged blocks (again, after the zones changed). */
const LAYER_OVERLAPS_SQL = `
  insert into import_staged_layer_overlaps (staging_id, block_id, layer, overlap_m2)
  ${layerOverlapsSelect("import_staged_blocks", "b.id = any(cast(:ids as integer[]))", "cast(:staging as text)")}`;

/**
 * One chunk in ONE statement (each statement is a round trip to PGlite's thread; 6 per chunk cost more than
 * the work at ~20 blocks): the staged rows inserted (`chunk`, their tile columns filled by the row trigger),
 * their layer overlaps, and their pairs as derive_block_overlaps writes them — both rows with a block or a block
 * staged by an earlier chunk (the area of the new one's intersection), each block's own row within the chunk.
 * Each block finds its neighbours through the spatial index: the staging filter is written so no other index
 * serves it (by staging_id the planner scanned every staged row per chunk: 70 ms at 1,600 staged and growing).
 * The statement starts with the insert (tests/jobs/import-commit-child.ts watches for it).
 */
const STAGE_CHUNK_SQL = `
  with chunk as (
  insert into "import_staged_blocks" (id, staging_id, position, code, name, park_id, level, status, attributes,
     geom, area_m2)
   select r.id, cast(:staging as text), r.position, r.code, r.name, r.park_id, r.level, r.status, r.attributes,
          g.geom, ${ellipsoidalAreaM2Sql("g.geom")}
     from ${newBlockRecordsetSql("cast(:rows as json)", "position integer, ")}
    order by r.id
   returning id, geom),
  layers as (
    insert into import_staged_layer_overlaps (staging_id, block_id, layer, overlap_m2)
    ${layerOverlapsSelect("chunk", "true", "cast(:staging as text)")}
    returning 1),
  pairs as (
    select c.id as block_id, o.id as other_id, false as both_new,
           ${ellipsoidalAreaM2Sql("ST_Intersection(c.geom, o.geom)")} as overlap_m2
      from chunk c cross join lateral (
        select o.id, o.geom from blocks o where o.geom && c.geom and ST_Intersects(o.geom, c.geom)) o
    union all
    select c.id, o.id, false, ${ellipsoidalAreaM2Sql("ST_Intersection(c.geom, o.geom)")}
      from chunk c cross join lateral (
        select o.id, o.geom from import_staged_blocks o
         where o.geom && c.geom and ST_Intersects(o.geom, c.geom)
           and coalesce(o.staging_id, '') = cast(:staging as text)) o
    union all
    select c.id, o.id, true, ${ellipsoidalAreaM2Sql("ST_Intersection(c.geom, o.geom)")}
      from chunk c join chunk o on o.geom && c.geom and o.id <> c.id and ST_Intersects(o.geom, c.geom)),
  pair_rows as (
    insert into import_staged_pair_overlaps (staging_id, block_id, other_id, overlap_m2)
    select cast(:staging as text), block_id, other_id, overlap_m2 from pairs where overlap_m2 > ${MIN_OVERLAP_M2}
    union all
    select cast(:staging as text), other_id, block_id, overlap_m2 from pairs
     where overlap_m2 > ${MIN_OVERLAP_M2} and not both_new
    returning 1)
  select (select count(*) from chunk) as blocks, (select count(*) from layers) as layers,
         (select count(*) from pair_rows) as pairs`;

/**
 * The pairs of blocks written while staging (`touched`) with the staged blocks, from the touched side: each
 * touched block looks up the staged ones through their spatial index (the intersection with the staged block
 * first, as a chunk's pairs write it).
 */
const TOUCHED_PAIRS_SQL = `
  insert into import_staged_pair_overlaps (staging_id, block_id, other_id, overlap_m2)
  with pairs as (
    select s.id as block_id, t.id as other_id, ${ellipsoidalAreaM2Sql("ST_Intersection(s.geom, t.geom)")} as overlap_m2
      from blocks t cross join lateral (
        select s.id, s.geom from import_staged_blocks s
         where s.geom && t.geom and ST_Intersects(s.geom, t.geom) and coalesce(s.staging_id, '') = :staging) s
     where t.id = any(cast(:touched as integer[])))
  select cast(:staging as text), block_id, other_id, overlap_m2 from pairs where overlap_m2 > ${MIN_OVERLAP_M2}
  union all
  select cast(:staging as text), other_id, block_id, overlap_m2 from pairs where overlap_m2 > ${MIN_OVERLAP_M2}`;

/** Staged rows deleted per statement when a staging is dropped. */
const DROP_ROWS = 100;

export function importStaging(knex: Knex) {
  /** Opens a staging and draws the blocks' ids (in the given order) from blocks' own sequence. */
  async function open(
    importId: string,
    blocks: readonly NewBlock[],
  ): Promise<{ stagingId: string; ids: number[] }> {
    const refused = blocks.find((block) => !canStartAs(block.status));
    if (refused) throw new Error(`A new block cannot start as "${refused.status}".`);
    const stagingId = randomUUID();
    return knex.transaction(async (trx) => {
      await trx.raw(
        `insert into import_stagings (id, import_id, zones_version)
         select ?, ?, version from data_versions where name = 'zones'`,
        [stagingId, importId],
      );
      return { stagingId, ids: await drawBlockIds(trx, blocks.length) };
    });
  }

  /** One chunk: the blocks with their tile columns, their layer overlaps and their pairs (STAGE_CHUNK_SQL). */
  async function stage(stagingId: string, chunk: readonly StagedBlock[]): Promise<void> {
    const rows = chunk.map(({ id, position, block }) => ({ ...newBlockRecord(id, block), position }));
    // One statement: atomic by itself (no BEGIN/COMMIT round trips).
    await knex.raw(STAGE_CHUNK_SQL, { staging: stagingId, rows: JSON.stringify(rows) });
  }

  /** The zones changed while staging: their layer overlaps again, from the zones' version read now. */
  async function restartLayers(stagingId: string): Promise<void> {
    await knex.transaction(async (trx) => {
      await trx.raw(
        `update import_stagings set zones_version = (select version from data_versions where name = 'zones')
          where id = ?`,
        [stagingId],
      );
      await trx.raw("delete from import_staged_layer_overlaps where staging_id = ?", [stagingId]);
    });
  }

  async function stageLayers(stagingId: string, ids: readonly number[]): Promise<void> {
    await knex.raw(LAYER_OVERLAPS_SQL, { ids: [...ids], staging: stagingId });
  }

  /**
   * Makes the staged blocks blocks, in the caller's transaction: one insert (the triggers keep the staged tile
   * columns and skip the overlap derivation), their version rows, the staged overlaps, and the pairs of blocks
   * written meanwhile re-derived. `stale-zones` (nothing written) when a zone changed since the layers were staged.
   */
  async function publish(
    trx: Knex.Transaction,
    stagingId: string,
    context: { actor: string; change: string },
    steps: Record<string, number> = {},
  ): Promise<
    { outcome: "published" } | { outcome: "stale-zones" } | { outcome: "duplicate-codes"; codes: string[] }
  > {
    let last = performance.now();
    const step = (name: string) => {
      const now = performance.now();
      steps[name] = (steps[name] ?? 0) + now - last;
      last = now;
    };
    const staging = await trx.raw(
      `select s.zones_version = v.version as fresh from import_stagings s, data_versions v
        where s.id = ? and v.name = 'zones'`,
      [stagingId],
    );
    if (staging.rows.length === 0) throw new Error(`The staging ${stagingId} is gone.`);
    if (!staging.rows[0].fresh) return { outcome: "stale-zones" };
    const taken = await trx.raw(
      `select b.code from blocks b join import_staged_blocks s on s.code = b.code
        where s.staging_id = ? order by b.code`,
      [stagingId],
    );
    step("checks");
    if (taken.rows.length > 0) {
      return { outcome: "duplicate-codes", codes: (taken.rows as { code: string }[]).map((row) => row.code) };
    }
    await trx.raw("select set_config('app.staged_import', ?, true)", [stagingId]);
    // "blocks" quoted as knex writes it: tests/jobs/import-commit-child.ts watches for the first insert.
    await trx.raw(
      `insert into "blocks" (id, code, name, park_id, level, status, attributes, geom, area_m2, created_by, updated_by,
         geom_mercator, label_point, label_point_mercator, label_min_zoom)
       select id, code, name, park_id, level, status, attributes, geom, area_m2, ?, ?,
              geom_mercator, label_point, label_point_mercator, label_min_zoom
         from import_staged_blocks where staging_id = ? order by id`,
      [context.actor, context.actor, stagingId],
    );
    step("blocks");
    await trx.raw("select set_config('app.staged_import', '', true)");
    // The copies below reference the blocks this transaction has just inserted (and pairs whose both blocks
    // exist, checked by the copy itself): their foreign keys' per-row checks are skipped (replica role, this
    // transaction only; no trigger of these tables but the append-only ones, which fire on update/delete).
    await trx.raw("select set_config('session_replication_role', 'replica', true)");
    // A new block's first version: version 1, changed at its updated_at (now(), the transaction's time).
    await trx.raw(
      `insert into block_versions (block_id, version, change, reason, name, park_id, level, status, attributes,
         geom, area_m2, changed_at, changed_by)
       select s.id, 1, ?, null, s.name, s.park_id, s.level, s.status, s.attributes, s.geom, s.area_m2, now(), ?
         from import_staged_blocks s where s.staging_id = ? order by s.id`,
      [context.change, context.actor, stagingId],
    );
    step("versions");
    const touched = await trx.raw(
      `select t.block_id from import_staging_touched t join blocks b on b.id = t.block_id
        where t.staging_id = ? and not exists (select 1 from import_staged_blocks s where s.id = t.block_id)`,
      [stagingId],
    );
    const touchedIds = (touched.rows as { block_id: number }[]).map((row) => Number(row.block_id));
    if (touchedIds.length > 0) {
      await trx.raw(
        `delete from import_staged_pair_overlaps
          where staging_id = ? and (block_id = any(?::integer[]) or other_id = any(?::integer[]))`,
        [stagingId, touchedIds, touchedIds],
      );
      await trx.raw(TOUCHED_PAIRS_SQL, { staging: stagingId, touched: touchedIds });
    }
    step("touched");
    await trx.raw(
      `insert into block_layer_overlaps (block_id, layer, overlap_m2)
       select block_id, layer, overlap_m2 from import_staged_layer_overlaps where staging_id = ?`,
      [stagingId],
    );
    await trx.raw(
      `insert into block_pair_overlaps (block_id, other_id, overlap_m2)
       select x.block_id, x.other_id, x.overlap_m2 from import_staged_pair_overlaps x
        where x.staging_id = ? and exists (select 1 from blocks b where b.id = x.block_id)
          and exists (select 1 from blocks o where o.id = x.other_id)`,
      [stagingId],
    );
    await trx.raw("select set_config('session_replication_role', 'origin', true)");
    step("overlaps");
    return { outcome: "published" };
  }

  /**
   * Drops a staging (published or given up) a few hundred rows at a time, each its own statement; the longest
   * statement's ms.
   */
  async function drop(stagingId: string): Promise<number> {
    let longestMs = 0;
    for (const table of [
      "import_staged_pair_overlaps",
      "import_staged_layer_overlaps",
      "import_staged_blocks",
    ]) {
      const key = table === "import_staged_blocks" ? "id" : "block_id";
      for (;;) {
        const began = performance.now();
        const result = await knex.raw(
          `delete from ${table} where staging_id = ? and ${key} in (
             select ${key} from ${table} where staging_id = ? limit ${DROP_ROWS}) returning 1`,
          [stagingId, stagingId],
        );
        longestMs = Math.max(longestMs, performance.now() - began);
        if (result.rows.length === 0) break;
      }
    }
    await knex.raw("delete from import_stagings where id = ?", [stagingId]);
    return longestMs;
  }

  /**
   * Every staging opened before `before` (on start: what a stopped server left; nothing staged is visible, so it
   * just goes; one opened by this server's own jobs since is theirs).
   */
  async function dropLeftovers(before: Date): Promise<number> {
    const left = await knex.raw("select id from import_stagings where started_at < ?", [before]);
    for (const row of left.rows as { id: string }[]) await drop(row.id);
    return left.rows.length;
  }

  return { open, stage, restartLayers, stageLayers, publish, drop, dropLeftovers };
}

export type ImportStaging = ReturnType<typeof importStaging>;
