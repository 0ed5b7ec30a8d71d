import type { Knex } from "knex";
import { ENDED_STATUSES_SQL } from "./status-sql.js";

export interface ContainingZone {
  id: number;
  kind: string;
  name: string;
  nameEn: string;
}

export interface ContainingBlock {
  id: number;
  name: string;
  level: string;
  status: string;
  parkId: number;
  parkName: string;
}

/** What contains a point (zones via their subdivided parts, live blocks with their park). */
export async function containingPoint(
  knex: Knex,
  point: Knex.Raw,
): Promise<{ zones: ContainingZone[]; blocks: ContainingBlock[] }> {
  const zones = await knex.raw(
    `select distinct z.id, z.kind, z.name, z.name_en
       from (select ? as g) s
       join zone_parts p on p.geom && s.g and ST_Intersects(p.geom, s.g)
       join zones z on z.id = p.zone_id
      order by z.id`,
    [point],
  );
  const blocks = await knex.raw(
    `select b.id, b.name, b.level, b.status, b.park_id, p.name as park_name
       from (select ? as g) s
       join blocks b on b.geom && s.g and ST_Intersects(b.geom, s.g)
       join parks p on p.id = b.park_id
      where b.status not in (${ENDED_STATUSES_SQL})
      order by b.id`,
    [point],
  );
  return {
    zones: zones.rows.map((row: Record<string, unknown>) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      nameEn: row.name_en,
    })),
    blocks: blocks.rows.map((row: Record<string, unknown>) => ({
      id: row.id,
      name: row.name,
      level: row.level,
      status: row.status,
      parkId: row.park_id,
      parkName: row.park_name,
    })),
  };
}
