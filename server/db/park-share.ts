import type { Knex } from "knex";
import { type BlockLevel, type BlockStatus, IN_FORCE_STATUSES } from "../domain/block.js";
import { type ParkAreaBasisUsed, parkAreaExplanation } from "../domain/park-area.js";
import type { PolicySettings } from "../domain/settings.js";
import { m2ToKm2 } from "../domain/units.js";
import { parkUnionAreaM2 } from "./kept-unions.js";
import { type OfficialParkArea, officialParkArea } from "./park-official-area.js";

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

/** One block's area and share of its park; undefined when the block does not exist. */
export async function parkShareOfBlock(
  db: Db,
  blockId: number,
  settings: BasisSettings,
): Promise<BlockShare | undefined> {
  const block = await db("blocks")
    .select("id", "park_id", "status", "area_m2")
    .where({ id: blockId })
    .first();
  if (!block) return undefined;
  const countedInParkArea = IN_FORCE_STATUSES.includes(block.status);
  const area = await parkAreaUsed(db, block.park_id, settings, countedInParkArea ? null : blockId);
  const areaKm2 = m2ToKm2(Number(block.area_m2));
  return {
    blockId,
    parkId: block.park_id,
    areaKm2,
    ...area,
    shareOfPark: areaKm2 / area.parkAreaKm2,
    countedInParkArea,
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
  const basis: ParkAreaBasisUsed = official ? "official" : setting;
  return {
    parkAreaKm2,
    basis,
    setting,
    official,
    explanation: parkAreaExplanation(basis, parkAreaKm2, official),
  };
}
