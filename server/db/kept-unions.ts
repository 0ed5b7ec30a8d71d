import { ENDED_STATUSES, IN_FORCE_STATUSES } from "../domain/block.js";
import { asGeoJsonSql, ellipsoidalAreaM2Sql, type SqlBuilder } from "./geometry.js";

/**
 * Unions kept in the database instead of computed per request (issue #16): the Zhongguancun union
 * (`kept_layers`, migration 07) and each sub-park's union of its blocks in force (`park_unions`, migration 12).
 * Block writes bump a generation in the writing transaction (triggers); the first reader after a write rebuilds
 * the union once. The generation stored is the one read in the rebuild's own snapshot, so a write committed
 * during a rebuild leaves the row stale for the next reader.
 */

/** SQL: the kept Zhongguancun union (call refreshZgcUnion first). */
export const ZGC_UNION_SQL = "(select geom from kept_layers where id = 'zgc')";

/** Rebuilds the Zhongguancun union (national blocks that have not ended) when a write has made it stale. */
export async function refreshZgcUnion(db: SqlBuilder): Promise<void> {
  await db.raw(
    `update kept_layers k set geom = u.geom, geojson = ${asGeoJsonSql("u.geom")},
            area_m2 = coalesce(${ellipsoidalAreaM2Sql("u.geom")}, 0),
            built_generation = u.generation
       from (select (select generation from kept_layers where id = 'zgc') as generation,
                    ST_Multi(ST_Union(geom)) as geom from blocks
              where level = 'national' and status not in (${ENDED_STATUSES.map(() => "?").join(", ")})) u
      where k.id = 'zgc' and k.built_generation < k.generation`,
    [...ENDED_STATUSES],
  );
}

const IN_FORCE_PLACEHOLDERS = IN_FORCE_STATUSES.map(() => "?").join(", ");
const IN_FORCE_SQL = IN_FORCE_STATUSES.map((status) => `'${status}'`).join(", ");

/**
 * SQL: the ellipsoidal area (m², float8) of park `parkIdSql`'s kept union U (whose area is `unionAreaM2Sql`)
 * and block alias `block` (A, a block not in force): |U ∪ A| = |U| + |A| − |A ∩ U| (see parkUnionAreaM2).
 */
export function unionWithBlockAreaM2Sql(block: string, parkIdSql: string, unionAreaM2Sql: string): string {
  return `(coalesce(${unionAreaM2Sql}, 0) + ${ellipsoidalAreaM2Sql(`${block}.geom`)} - coalesce((
            select ${ellipsoidalAreaM2Sql(`ST_Union(ST_Intersection(${block}.geom, o.geom))`)}
              from blocks o
             where o.park_id = ${parkIdSql} and o.status in (${IN_FORCE_SQL}) and o.id <> ${block}.id
               and o.geom && ${block}.geom and ST_Intersects(o.geom, ${block}.geom)), 0))::float8`;
}

/** Rebuilds a park's union of its blocks in force if a write has made it stale (or it was never built). */
async function refreshParkUnion(db: SqlBuilder, parkId: number): Promise<void> {
  const kept = await db.raw(
    "select built_generation < generation as stale from park_unions where park_id = ?",
    [parkId],
  );
  if (kept.rows.length > 0 && !kept.rows[0].stale) return;
  if (kept.rows.length === 0) {
    await db.raw("insert into park_unions (park_id) values (?) on conflict (park_id) do nothing", [parkId]);
  }
  await db.raw(
    `update park_unions k set geom = u.geom, area_m2 = coalesce(${ellipsoidalAreaM2Sql("u.geom")}, 0),
            built_generation = u.generation
       from (select (select generation from park_unions where park_id = ?) as generation,
                    ST_Multi(ST_Union(geom)) as geom from blocks
              where park_id = ? and status in (${IN_FORCE_PLACEHOLDERS})) u
      where k.park_id = ? and k.built_generation < k.generation`,
    [parkId, parkId, ...IN_FORCE_STATUSES, parkId],
  );
}

/**
 * The ellipsoidal area (m²) of the park's union of blocks in force, read from `park_unions`; with
 * `withBlockId`, of that union and one more block (a block not in force, measured as if it were):
 * |U ∪ A| = |U| + |A| − |A ∩ U|, where A ∩ U is the union of A's intersections with the park's blocks in force
 * that meet it — a few small geometries, not an overlay of the whole park's union (ST_Union(U, A) cost ~55 ms
 * on a 1,250-block sub-park and was the slow 8% of GET /api/blocks/:id/analysis: the candidates; issue #16).
 */
export async function parkUnionAreaM2(
  db: SqlBuilder,
  parkId: number,
  withBlockId: number | null,
): Promise<number> {
  await refreshParkUnion(db, parkId);
  if (withBlockId === null) {
    const kept = await db.raw("select area_m2 from park_unions where park_id = ?", [parkId]);
    return Number(kept.rows[0]?.area_m2 ?? 0);
  }
  const result = await db.raw(
    `select ${unionWithBlockAreaM2Sql("b", "?", "u.area_m2")} as area_m2
       from blocks b left join park_unions u on u.park_id = ?
      where b.id = ?`,
    [parkId, parkId, withBlockId],
  );
  return Number(result.rows[0]?.area_m2 ?? 0);
}
