import type { Knex } from "knex";
import type { CompositionInput } from "../domain/composition.js";
import { ellipsoidalAreaM2Sql } from "./geometry.js";
import { ENDED_STATUSES_SQL } from "./status-sql.js";

/** The measured terms of DOMAIN.md §3 and which district-level zones were selected. */
export interface CompositionFacts extends CompositionInput {
  districtZoneIds: number[];
}

const area = (sql: string) => `coalesce(${ellipsoidalAreaM2Sql(sql)}, 0)`;
/** a − b where a missing b leaves a whole (ST_Difference(a, NULL) is NULL). */
const minus = (a: string, b: string) => `case when ${b} is null then ${a} else ST_Difference(${a}, ${b}) end`;

/**
 * 空间构成 (DOMAIN.md §3): Zhongguancun + the municipal blocks districts want to add + municipal development
 * zones outside Zhongguancun + the selected district-level zones, counted once, minus the ranges declared as
 * national high-tech zone and national ETDZ. `districtZoneIds` undefined → every district-level zone.
 */
export async function compositionFacts(knex: Knex, districtZoneIds?: number[]): Promise<CompositionFacts> {
  const ids =
    districtZoneIds ??
    (await knex("zones").where({ kind: "district-development-zone" }).orderBy("id").pluck("id")).map(Number);
  const idList = ids.length > 0 ? ids.map(() => "?").join(", ") : "null";
  const result = await knex.raw(
    `with zgc as (select ST_Union(geom) as g from blocks where level = 'national' and status not in (${ENDED_STATUSES_SQL})),
          muni as (select ST_Union(geom) as g from blocks where level = 'municipal' and status not in (${ENDED_STATUSES_SQL})),
          mdz as (select ST_Union(geom) as g from zones where kind = 'municipal-development-zone'),
          ddz as (select ST_Union(geom) as g from zones where kind = 'district-development-zone'
                   and id in (${idList})),
          dht as (select ST_Union(geom) as g from zones
                   where kind = 'declared-range' and attributes->>'declaredAs' = 'national-high-tech'),
          detdz as (select ST_Union(geom) as g from zones
                     where kind = 'declared-range' and attributes->>'declaredAs' = 'national-etdz'),
          terms as (select zgc.g as zgc, muni.g as muni, mdz.g as mdz, ddz.g as ddz,
                           ST_Union(dht.g, detdz.g) as declared, dht.g as dht, detdz.g as detdz
                      from zgc, muni, mdz, ddz, dht, detdz),
          allu as (select (select ST_Union(g) from (select zgc as g from terms union all select muni from terms
                           union all select mdz from terms union all select ddz from terms) parts
                           where g is not null) as u, t.* from terms t)
     select ${area("zgc")} as zgc_m2, ${area("muni")} as muni_m2, ${area(minus("muni", "zgc"))} as muni_out_m2,
            ${area("mdz")} as mdz_m2, ${area(minus("mdz", "zgc"))} as mdz_out_m2, ${area("ddz")} as ddz_m2,
            ${area("u")} as union_m2, ${area("ST_Intersection(u, dht)")} as dht_m2,
            ${area("ST_Intersection(u, detdz)")} as detdz_m2, ${area(minus("u", "declared"))} as max_m2,
            ${area("ST_Intersection(muni, declared)")} as muni_declared_m2
       from allu`,
    ids,
  );
  const row = result.rows[0];
  return {
    zgcM2: row.zgc_m2,
    municipalBlocksM2: row.muni_m2,
    municipalBlocksOutsideZgcM2: row.muni_out_m2,
    municipalZonesM2: row.mdz_m2,
    municipalZonesOutsideZgcM2: row.mdz_out_m2,
    districtZonesM2: row.ddz_m2,
    unionM2: row.union_m2,
    declaredHighTechM2: row.dht_m2,
    declaredEtdzM2: row.detdz_m2,
    maxMunicipalM2: row.max_m2,
    municipalInDeclaredM2: row.muni_declared_m2,
    districtZoneIds: ids,
  };
}
