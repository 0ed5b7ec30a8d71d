import type { Knex } from "knex";
import { type BlockLevel, type BlockStatus, IN_FORCE_STATUSES } from "../domain/block.js";
import { type ParkAreaBasisUsed, parkAreaExplanation } from "../domain/park-area.js";
import type { PolicySettings } from "../domain/settings.js";
import { m2ToKm2 } from "../domain/units.js";
import { parkUnionAreaM2, unionWithBlockAreaM2Sql } from "./kept-unions.js";
import { type OfficialParkArea, officialParkArea, toOfficial } from "./park-official-area.js";

/**
 * A sub-park's area and each block's share of it (《管理办法》需要说明的是 三 · 淘汰方式: 区块面积占分园面积比例).
 * The park area is, in this order: the official area entered for the park (with its 批复文号 and date); else,
 * by the parkAreaBasis setting, the area of the union of the park's blocks in force (recognized, rectifying,
 * reduced — national and municipal; overlapping land counted once) or the sum of their areas. Drafts and
 * applications never count, so drawing a candidate never changes another block's share.
 */
export type ParkAreaBasis = PolicySettings["parkAreaBasis"];

export interface ParkShareBlock {
  id: number;
  code: string | null;
  name: string;
  level: BlockLevel;
  status: BlockStatus;
  areaKm2: number;
  /** 0..1 */
  shareOfPark: number;
}

/** The park area a share was divided by, and where it came from. */
export interface ParkAreaUsed {
  parkAreaKm2: number;
  /** "official" when an official area was entered, else the setting's basis. */
  basis: ParkAreaBasisUsed;
  /** The setting in force (decides only when there is no official area). */
  setting: ParkAreaBasis;
  official: OfficialParkArea | null;
  explanation: { zh: string; en: string };
}

export interface ParkShares extends ParkAreaUsed {
  parkId: number;
  /** The blocks in force of the park, by id. */
  blocks: ParkShareBlock[];
}

export interface BlockShare extends ParkAreaUsed {
  blockId: number;
  parkId: number;
  areaKm2: number;
  /** 0..1 */
  shareOfPark: number;
  /**
   * False when the block is not in force (a draft, an application, an ended block): its own area is then
   * added to the computed park area (its union with the blocks in force, or the sum), so that s is its share
   * of the park it would belong to — and no other block's share moves.
   */
  countedInParkArea: boolean;
}

type Db = Knex | Knex.Transaction;
type BasisSettings = Pick<PolicySettings, "parkAreaBasis">;

const IN_FORCE_SQL = IN_FORCE_STATUSES.map((status) => `'${status}'`).join(", ");

/** All the blocks in force of the park with their shares; undefined when the park does not exist. */
export async function parkShares(
  db: Db,
  parkId: number,
  settings: BasisSettings,
): Promise<ParkShares | undefined> {
  const park = await db("parks").select("id").where({ id: parkId }).first();
  if (!park) return undefined;
  const rows = await db("blocks")
    .where("park_id", parkId)
    .whereIn("status", IN_FORCE_STATUSES as BlockStatus[])
    .select("id", "code", "name", "level", "status", "area_m2")
    .orderBy("id");
  const area = await parkAreaUsed(db, parkId, settings, null);
  return {
    parkId,
    ...area,
    blocks: rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      level: row.level,
      status: row.status,
      areaKm2: m2ToKm2(Number(row.area_m2)),
      shareOfPark: m2ToKm2(Number(row.area_m2)) / area.parkAreaKm2,
    })),
  };
}

/**
 * SQL: what a block's share needs of block `blockIdSql` (a `?` or a column of an outer query), as one row: the
 * block, its park's latest official area and the kept union's area and freshness, and — for a block not in
 * force, when no official area is entered and the union is fresh — the area of the union with the block
 * (union_with_block_m2, computed only then: a candidate's share asked three more statements after this one,
 * and under 50 clients waited for a pooled connection four times; issue #16). The stored-block analysis reads
 * it inside its own statement (analysis-store.ts).
 */
export function blockShareFactsSql(blockIdSql: string): string {
  return `select b.park_id, b.status, b.area_m2, o.area_km2, o.approval_reference, o.approved_on::text as approved_on,
            o.recorded_at, o.recorded_by, u.area_m2 as union_m2,
            (u.park_id is null or u.built_generation < u.generation) as union_stale,
            case when b.status not in (${IN_FORCE_SQL}) and o.area_km2 is null and u.built_generation >= u.generation
                 then ${unionWithBlockAreaM2Sql("b", "b.park_id", "u.area_m2")} end as union_with_block_m2
       from blocks b
       left join lateral (select a.area_km2, a.approval_reference, a.approved_on, a.recorded_at, a.recorded_by
                            from park_official_areas a where a.park_id = b.park_id order by a.id desc limit 1) o on true
       left join park_unions u on u.park_id = b.park_id
      where b.id = ${blockIdSql}`;
}

/**
 * One block's area and share of its park; undefined when the block does not exist. One query in the common
 * case (issue #16: the stored-block analysis made six round trips): blockShareFactsSql; the rule of
 * parkAreaUsed runs only when that is not enough (a stale or missing union, a block not in force, the sum basis).
 */
export async function parkShareOfBlock(
  db: Db,
  blockId: number,
  settings: BasisSettings,
): Promise<BlockShare | undefined> {
  const result = await db.raw(blockShareFactsSql("?"), [blockId]);
  const block = result.rows[0];
  return block ? blockShareFromFacts(db, blockId, block, settings) : undefined;
}

/** The share of block `blockId` from its row of blockShareFactsSql (a second query only when that is not enough). */
export async function blockShareFromFacts(
  db: Db,
  blockId: number,
  block: Record<string, unknown>,
  settings: BasisSettings,
): Promise<BlockShare> {
  const parkId = Number(block.park_id);
  const countedInParkArea = IN_FORCE_STATUSES.includes(block.status as BlockStatus);
  const official = block.area_km2 === null ? null : toOfficial(block);
  const keptUnionM2 = keptUnionAreaM2(block, countedInParkArea, settings);
  const area =
    official || keptUnionM2 !== undefined
      ? areaUsed(official ? official.areaKm2 : m2ToKm2(keptUnionM2 ?? 0), settings, official)
      : await parkAreaUsed(db, parkId, settings, countedInParkArea ? null : blockId);
  const areaKm2 = m2ToKm2(Number(block.area_m2));
  return {
    blockId,
    parkId,
    areaKm2,
    ...area,
    shareOfPark: areaKm2 / area.parkAreaKm2,
    countedInParkArea,
  };
}

/** The park area (m²) by the kept union from the facts row when it is enough, else undefined (parkAreaUsed). */
function keptUnionAreaM2(
  block: Record<string, unknown>,
  countedInParkArea: boolean,
  settings: BasisSettings,
): number | undefined {
  if (settings.parkAreaBasis !== "in-force-union" || block.union_stale) return undefined;
  if (countedInParkArea) return Number(block.union_m2 ?? 0);
  return block.union_with_block_m2 === null || block.union_with_block_m2 === undefined
    ? undefined
    : Number(block.union_with_block_m2);
}

function areaUsed(
  parkAreaKm2: number,
  settings: BasisSettings,
  official: OfficialParkArea | null,
): ParkAreaUsed {
  const basis: ParkAreaBasisUsed = official ? "official" : settings.parkAreaBasis;
  return {
    parkAreaKm2,
    basis,
    setting: settings.parkAreaBasis,
    official,
    explanation: parkAreaExplanation(basis, parkAreaKm2, official),
  };
}

/** The park area by the rule above (the union kept in `park_unions`, see kept-unions.ts); `withBlockId` adds a block that is not in force (see countedInParkArea). */
async function parkAreaUsed(
  db: Db,
  parkId: number,
  settings: BasisSettings,
  withBlockId: number | null,
): Promise<ParkAreaUsed> {
  const official = await officialParkArea(db, parkId);
  const setting = settings.parkAreaBasis;
  let parkAreaKm2: number;
  if (official) {
    parkAreaKm2 = official.areaKm2;
  } else if (setting === "in-force-union") {
    parkAreaKm2 = m2ToKm2(await parkUnionAreaM2(db, parkId, withBlockId));
  } else {
    const extra = withBlockId === null ? "" : "or id = ?";
    const bindings = withBlockId === null ? [parkId] : [parkId, withBlockId];
    const result = await db.raw(
      `select coalesce(sum(area_m2), 0)::float8 as area_m2 from blocks
        where park_id = ? and (status in (${IN_FORCE_SQL}) ${extra})`,
      bindings,
    );
    parkAreaKm2 = m2ToKm2(Number(result.rows[0]?.area_m2 ?? 0));
  }
  return areaUsed(parkAreaKm2, settings, official);
}
