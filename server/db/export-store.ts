import type { Knex } from "knex";
import { IN_FORCE_STATUSES_SQL } from "./status-sql.js";

/**
 * Queries the catalogue package needs beyond the block store: the district each block lies in, and the block in
 * force each one lies wholly inside (a nested block).
 */
export function exportStore(knex: Knex) {
  /** The ids (in id order) a selection names, without reading geometry (a job checks its selection at once). */
  async function selectionIds(filter: {
    parkId?: number;
    level?: string;
    status?: string;
    statuses?: readonly string[];
  }): Promise<number[]> {
    const query = knex("blocks").select("id").orderBy("id");
    if (filter.parkId !== undefined) query.where("park_id", filter.parkId);
    if (filter.level !== undefined) query.where("level", filter.level);
    if (filter.status !== undefined) query.where("status", filter.status);
    else if (filter.statuses) query.whereIn("status", [...filter.statuses]);
    return (await query).map((row: { id: number }) => Number(row.id));
  }

  /** Block id → the name of the district holding the largest part of it (行政区). */
  async function districtsOf(blockIds: number[]): Promise<Map<number, string>> {
    if (blockIds.length === 0) return new Map();
    const result = await knex.raw(
      `select b.id, d.name
         from blocks b
         join lateral (
           select z.name from zones z
            where z.kind = 'district' and ST_Intersects(z.geom, b.geom)
            order by ST_Area(ST_Intersection(z.geom, b.geom)) desc
            limit 1) d on true
        where b.id in (${blockIds.map(() => "?").join(", ")})`,
      blockIds,
    );
    return new Map(result.rows.map((row: { id: number; name: string }) => [Number(row.id), row.name]));
  }

  /**
   * Block id → the block in force (other than itself) that covers it wholly, the smallest such; of two equal
   * boundaries the later block is the nested one.
   */
  async function containersOf(blockIds: number[]): Promise<Map<number, { id: number; name: string }>> {
    if (blockIds.length === 0) return new Map();
    const result = await knex.raw(
      `select b.id, o.id as outer_id, o.name as outer_name
         from blocks b
         join lateral (
           select o.id, o.name from blocks o
            where o.id <> b.id and o.status in (${IN_FORCE_STATUSES_SQL})
              and o.geom && b.geom and ST_CoveredBy(b.geom, o.geom)
              and (not ST_CoveredBy(o.geom, b.geom) or o.id < b.id)
            order by o.area_m2, o.id
            limit 1) o on true
        where b.id in (${blockIds.map(() => "?").join(", ")})`,
      blockIds,
    );
    return new Map(
      result.rows.map((row: { id: number; outer_id: number; outer_name: string }) => [
        Number(row.id),
        { id: Number(row.outer_id), name: row.outer_name },
      ]),
    );
  }

  return { selectionIds, districtsOf, containersOf };
}
