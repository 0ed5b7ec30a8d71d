import type { Knex } from "knex";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import type { ZoneKind } from "../domain/layers.js";
import { ENDED_STATUSES_SQL } from "./status-sql.js";

/** Which blocks the report covers: by default every block in force (not exited or withdrawn). */
export interface ReportSelection {
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
  ids?: number[];
}

/** One block's stored overlaps (ellipsoidal m²), as the report reads them. */
export interface StoredOverlaps {
  blockId: number;
  code: string | null;
  name: string;
  parkId: number;
  parkName: string;
  level: BlockLevel;
  status: BlockStatus;
  areaM2: number;
  /** Per zone layer, the area covered by the layer's zones dissolved (counted once where zones overlap). */
  layers: Partial<Record<ZoneKind, number>>;
  /** Every other block in force it overlaps. */
  blocks: { id: number; code: string | null; name: string; overlapM2: number }[];
}

/**
 * Reads the overlap tables kept by the block and zone writes (migration 07): the whole report is a read, in
 * pages by id (keyset) so a job can report progress and be cancelled between pages.
 */
export function overlapReportStore(knex: Knex) {
  function selectionSql(selection: ReportSelection): { sql: string; bindings: Knex.RawBinding[] } {
    const clauses: string[] = [];
    const bindings: Knex.RawBinding[] = [];
    if (selection.ids) {
      clauses.push(`b.id in (${selection.ids.map(() => "?").join(", ") || "null"})`);
      bindings.push(...selection.ids);
    } else if (!selection.status) {
      clauses.push(`b.status not in (${ENDED_STATUSES_SQL})`);
    }
    if (selection.parkId !== undefined) {
      clauses.push("b.park_id = ?");
      bindings.push(selection.parkId);
    }
    if (selection.level) {
      clauses.push("b.level = ?");
      bindings.push(selection.level);
    }
    if (selection.status) {
      clauses.push("b.status = ?");
      bindings.push(selection.status);
    }
    return { sql: clauses.length > 0 ? clauses.join(" and ") : "true", bindings };
  }

  async function count(selection: ReportSelection): Promise<number> {
    const where = selectionSql(selection);
    const result = await knex.raw(`select count(*) as n from blocks b where ${where.sql}`, where.bindings);
    return Number(result.rows[0].n);
  }

  /** Up to `limit` blocks with id > `afterId`, in id order, with their overlaps on `layers`. */
  async function page(
    selection: ReportSelection,
    layers: readonly ZoneKind[],
    afterId: number,
    limit: number,
  ): Promise<StoredOverlaps[]> {
    const where = selectionSql(selection);
    const result = await knex.raw(
      `select b.id, b.code, b.name, b.park_id, p.name as park_name, b.level, b.status, b.area_m2,
              (select coalesce(json_object_agg(l.layer, l.overlap_m2), '{}') from block_layer_overlaps l
                where l.block_id = b.id and l.layer in (${layers.map(() => "?").join(", ") || "null"})) as layers,
              (select coalesce(json_agg(json_build_object('id', o.id, 'code', o.code, 'name', o.name,
                                                          'overlapM2', x.overlap_m2) order by o.id), '[]')
                 from block_pair_overlaps x join blocks o on o.id = x.other_id
                where x.block_id = b.id and o.status not in (${ENDED_STATUSES_SQL})) as blocks
         from blocks b join parks p on p.id = b.park_id
        where ${where.sql} and b.id > ?
        order by b.id limit ?`,
      [...layers, ...where.bindings, afterId, limit],
    );
    return result.rows.map((row: Record<string, unknown>) => ({
      blockId: Number(row.id),
      code: (row.code as string | null) ?? null,
      name: String(row.name),
      parkId: Number(row.park_id),
      parkName: String(row.park_name),
      level: row.level as BlockLevel,
      status: row.status as BlockStatus,
      areaM2: Number(row.area_m2),
      layers: parseJson(row.layers) as Partial<Record<ZoneKind, number>>,
      blocks: parseJson(row.blocks) as StoredOverlaps["blocks"],
    }));
  }

  return { count, page };
}

function parseJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export type OverlapReportStore = ReturnType<typeof overlapReportStore>;
