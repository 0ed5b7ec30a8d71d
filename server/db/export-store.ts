import type { Knex } from "knex";

/** Queries the catalogue package needs beyond the block store: the district each block lies in. */
export function exportStore(knex: Knex) {
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

  return { districtsOf };
}
