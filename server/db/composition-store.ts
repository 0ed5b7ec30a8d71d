import type { Knex } from "knex";
import type { Baseline, CompositionInput } from "../domain/composition.js";
import { ellipsoidalAreaM2Sql } from "./geometry.js";
import { refreshZgcUnion, ZGC_UNION_SQL } from "./kept-unions.js";
import { ENDED_STATUSES_SQL } from "./status-sql.js";

/** The measured terms of 空间构成, which district-level zones were selected, and the flags of single blocks. */
export interface CompositionFacts extends CompositionInput {
  districtZoneIds: number[];
  baseline: Baseline | null;
  /** Municipal blocks in force or applied for lying partly outside the baseline or inside a declared range. */
  flaggedBlocks: {
    blockId: number;
    name: string;
    status: string;
    outsideBaselineKm2: number;
    insideDeclaredKm2: number;
  }[];
}

const area = (sql: string) => `coalesce(${ellipsoidalAreaM2Sql(sql)}, 0)`;
/** a − b where a missing b leaves a whole (ST_Difference(a, NULL) is NULL). */
const minus = (a: string, b: string) => `case when ${b} is null then ${a} else ST_Difference(${a}, ${b}) end`;
/** Flags below this area (m²) are rounding slivers, not a block outside. */
const FLAG_MIN_M2 = 1;

/**
 * The live terms (as of now) of the union; `idList` placeholders for the selected district-level zones.
 * Zhongguancun is the kept union (refreshZgcUnion before the query), not recomputed here.
 */
function termsSql(idList: string): string {
  return `zgc as (select ${ZGC_UNION_SQL} as g),
    muni as (select ST_Union(geom) as g from blocks where level = 'municipal' and status not in (${ENDED_STATUSES_SQL})),
    mdz as (select ST_Union(geom) as g from zones where kind = 'municipal-development-zone'),
    ddz as (select ST_Union(geom) as g from zones where kind = 'district-development-zone' and id in (${idList})),
    dht as (select ST_Union(geom) as g from zones where kind = 'declared-range' and attributes->>'declaredAs' = 'national-high-tech'),
    detdz as (select ST_Union(geom) as g from zones where kind = 'declared-range' and attributes->>'declaredAs' = 'national-etdz'),
    terms as (select zgc.g as zgc, muni.g as muni, mdz.g as mdz, ddz.g as ddz, dht.g as dht, detdz.g as detdz,
                     case when dht.g is null then detdz.g when detdz.g is null then dht.g else ST_Union(dht.g, detdz.g) end as declared
                from zgc, muni, mdz, ddz, dht, detdz),
    live as (select (select ST_Union(g) from (select zgc as g from terms union all select muni from terms
                     union all select mdz from terms union all select ddz from terms) parts where g is not null) as u)`;
}

const IN_FORCE = "('recognized', 'rectifying', 'reduced')";

/**
 * The facts of 空间构成: the terms of the union (frozen with the latest baseline, else live), the declared ranges
 * ∩ the union, and the cap: municipal blocks in force and applied for, measured now.
 * `districtZoneIds` undefined → every district-level zone (ignored when a baseline is in force: it has its own).
 */
export async function compositionFacts(knex: Knex, districtZoneIds?: number[]): Promise<CompositionFacts> {
  await refreshZgcUnion(knex);
  const baselineRow = await knex("composition_baselines")
    .select("id", "frozen_at", "frozen_by", "union_m2", "terms", "district_zone_ids")
    .orderBy("id", "desc")
    .first();
  const ids =
    baselineRow?.district_zone_ids ??
    districtZoneIds ??
    (await knex("zones").where({ kind: "district-development-zone" }).orderBy("id").pluck("id")).map(Number);
  const idList = ids.length > 0 ? ids.map(() => "?").join(", ") : "null";
  const u = "coalesce((select geom from composition_baselines order by id desc limit 1), live.u)";
  const result = await knex.raw(
    `with ${termsSql(idList)},
       inforce as (select ST_Union(geom) as g from blocks where level = 'municipal' and status in ${IN_FORCE}),
       applied as (select ST_Union(geom) as g from blocks where level = 'municipal' and status = 'applied'),
       allu as (select ${u} as u, t.*, inforce.g as inforce, applied.g as applied from terms t, live, inforce, applied)
     select ${area("zgc")} as zgc_m2, ${area("muni")} as muni_m2, ${area(minus("muni", "zgc"))} as muni_out_m2,
            ${area("mdz")} as mdz_m2, ${area(minus("mdz", "zgc"))} as mdz_out_m2, ${area("ddz")} as ddz_m2,
            ${area("u")} as union_m2, ${area("ST_Intersection(u, dht)")} as dht_m2,
            ${area("ST_Intersection(u, detdz)")} as detdz_m2,
            ${area("ST_Intersection(ST_Intersection(u, dht), detdz)")} as declared_overlap_m2,
            ${area(minus("u", "declared"))} as max_m2, ${area("ST_Intersection(muni, declared)")} as muni_declared_m2,
            ${area("inforce")} as inforce_m2, ${area("applied")} as applied_m2,
            ${area("ST_Intersection(inforce, applied)")} as inforce_applied_m2
       from allu`,
    ids,
  );
  const row = result.rows[0];
  const frozen = baselineRow?.terms as Partial<CompositionInput> | undefined;
  const facts: CompositionFacts = {
    zgcM2: frozen?.zgcM2 ?? Number(row.zgc_m2),
    municipalBlocksM2: frozen?.municipalBlocksM2 ?? Number(row.muni_m2),
    municipalBlocksOutsideZgcM2: frozen?.municipalBlocksOutsideZgcM2 ?? Number(row.muni_out_m2),
    municipalZonesM2: frozen?.municipalZonesM2 ?? Number(row.mdz_m2),
    municipalZonesOutsideZgcM2: frozen?.municipalZonesOutsideZgcM2 ?? Number(row.mdz_out_m2),
    districtZonesM2: frozen?.districtZonesM2 ?? Number(row.ddz_m2),
    unionM2: Number(row.union_m2),
    declaredHighTechM2: Number(row.dht_m2),
    declaredEtdzM2: Number(row.detdz_m2),
    declaredOverlapM2: Number(row.declared_overlap_m2),
    maxMunicipalM2: Number(row.max_m2),
    municipalInDeclaredM2: Number(row.muni_declared_m2),
    inForceMunicipalM2: Number(row.inforce_m2),
    appliedMunicipalM2: Number(row.applied_m2),
    inForceAppliedOverlapM2: Number(row.inforce_applied_m2),
    districtZoneIds: ids,
    baseline: baselineRow
      ? {
          id: Number(baselineRow.id),
          frozenAt: new Date(baselineRow.frozen_at).toISOString(),
          frozenBy: baselineRow.frozen_by,
          unionKm2: Number(baselineRow.union_m2) / 1_000_000,
          districtZoneIds: baselineRow.district_zone_ids,
        }
      : null,
    flaggedBlocks: [],
  };
  facts.flaggedBlocks = await flaggedBlocks(knex, idList, ids);
  return facts;
}

async function flaggedBlocks(knex: Knex, idList: string, ids: number[]) {
  const result = await knex.raw(
    `with ${termsSql(idList)},
       u as (select coalesce((select geom from composition_baselines order by id desc limit 1), live.u) as u from live)
     select b.id, b.name, b.status, ${area(minus("b.geom", "u.u"))} as outside_m2,
            ${area("ST_Intersection(b.geom, t.declared)")} as declared_m2
       from blocks b, u, terms t
      where b.level = 'municipal' and (b.status in ${IN_FORCE} or b.status = 'applied')
      order by b.id`,
    ids,
  );
  return result.rows
    .map((row: Record<string, unknown>) => ({
      blockId: row.id as number,
      name: row.name as string,
      status: row.status as string,
      outsideBaselineKm2: Number(row.outside_m2) / 1_000_000,
      insideDeclaredKm2: Number(row.declared_m2) / 1_000_000,
    }))
    .filter(
      (flag: { outsideBaselineKm2: number; insideDeclaredKm2: number }) =>
        flag.outsideBaselineKm2 * 1_000_000 > FLAG_MIN_M2 || flag.insideDeclaredKm2 * 1_000_000 > FLAG_MIN_M2,
    );
}

/** Freezes the union as it is now (with its terms and date) as the baseline in force; returns what it froze. */
export async function freezeBaseline(
  knex: Knex | Knex.Transaction,
  districtZoneIds: number[] | undefined,
  actor: string,
  note: string,
): Promise<FrozenBaseline> {
  const ids =
    districtZoneIds ??
    (await knex("zones").where({ kind: "district-development-zone" }).orderBy("id").pluck("id")).map(Number);
  const idList = ids.length > 0 ? ids.map(() => "?").join(", ") : "null";
  await refreshZgcUnion(knex);
  const live = await liveTerms(knex, idList, ids);
  const inserted = await knex.raw(
    `insert into composition_baselines (geom, union_m2, terms, district_zone_ids, note, frozen_by)
     select ST_Multi(live.u), ${area("live.u")}, ?::jsonb, ?::jsonb, ?, ?
       from (with ${termsSql(idList)} select u from live) live
     returning id, union_m2`,
    [JSON.stringify(live), JSON.stringify(ids), note, actor, ...ids],
  );
  const row = inserted.rows[0];
  return { id: Number(row.id), unionKm2: Number(row.union_m2) / 1_000_000, districtZoneIds: ids, note };
}

/** A frozen baseline as its audit row records it (the union's geometry stays in composition_baselines). */
export interface FrozenBaseline {
  id: number;
  unionKm2: number;
  districtZoneIds: number[];
  note: string;
}

async function liveTerms(knex: Knex, idList: string, ids: number[]) {
  const result = await knex.raw(
    `with ${termsSql(idList)}
     select ${area("zgc")} as zgc_m2, ${area("muni")} as muni_m2, ${area(minus("muni", "zgc"))} as muni_out_m2,
            ${area("mdz")} as mdz_m2, ${area(minus("mdz", "zgc"))} as mdz_out_m2, ${area("ddz")} as ddz_m2
       from terms`,
    ids,
  );
  const row = result.rows[0];
  return {
    zgcM2: Number(row.zgc_m2),
    municipalBlocksM2: Number(row.muni_m2),
    municipalBlocksOutsideZgcM2: Number(row.muni_out_m2),
    municipalZonesM2: Number(row.mdz_m2),
    municipalZonesOutsideZgcM2: Number(row.mdz_out_m2),
    districtZonesM2: Number(row.ddz_m2),
  };
}

/** 空间构成 as a store (createStores). */
export function compositionStore(knex: Knex) {
  return {
    facts: (districtZoneIds?: number[]) => compositionFacts(knex, districtZoneIds),
    freeze: (
      districtZoneIds: number[] | undefined,
      actor: string,
      note: string,
      db: Knex | Knex.Transaction = knex,
    ) => freezeBaseline(db, districtZoneIds, actor, note),
  };
}
