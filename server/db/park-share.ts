import type { Knex } from "knex";
import { type BlockLevel, type BlockStatus, ENDED_STATUSES } from "../domain/block.js";
import type { PolicySettings } from "../domain/settings.js";
import { m2ToKm2 } from "../domain/units.js";

/**
 * A sub-park's area and each block's share of it (DOMAIN.md §4.5: s = block area ÷ area of its sub-park), by
 * the parkAreaBasis setting: "all-blocks" sums the stored ellipsoidal areas of all the park's live blocks
 * (national and municipal; overlaps counted twice, as the text's "total area of the blocks" reads),
 * "municipal-blocks" only its municipal ones. Ended blocks (exited, withdrawn) never count.
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

export interface ParkShares {
  parkId: number;
  parkAreaKm2: number;
  basis: ParkAreaBasis;
  /** The blocks that make up the park area, by id. */
  blocks: ParkShareBlock[];
}

export interface BlockShare {
  blockId: number;
  parkId: number;
  areaKm2: number;
  parkAreaKm2: number;
  /** 0..1 */
  shareOfPark: number;
  basis: ParkAreaBasis;
  /**
   * False when the block is not part of the basis (a national block under "municipal-blocks", or an ended
   * block): its own area is then added to the park area, so that s is its share of a park it belongs to.
   */
  countedInParkArea: boolean;
}

type Db = Knex | Knex.Transaction;
type BasisSettings = Pick<PolicySettings, "parkAreaBasis">;

/** All the blocks counted in the park's area with their shares; undefined when the park does not exist. */
export async function parkShares(
  db: Db,
  parkId: number,
  settings: BasisSettings,
): Promise<ParkShares | undefined> {
  const park = await db("parks").select("id").where({ id: parkId }).first();
  if (!park) return undefined;
  const rows = await countedBlocks(db, settings.parkAreaBasis)
    .where("park_id", parkId)
    .select("id", "code", "name", "level", "status", "area_m2")
    .orderBy("id");
  const parkAreaM2 = rows.reduce((sum, row) => sum + Number(row.area_m2), 0);
  return {
    parkId,
    parkAreaKm2: m2ToKm2(parkAreaM2),
    basis: settings.parkAreaBasis,
    blocks: rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      level: row.level,
      status: row.status,
      areaKm2: m2ToKm2(Number(row.area_m2)),
      shareOfPark: Number(row.area_m2) / parkAreaM2,
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
    .select("id", "park_id", "level", "status", "area_m2")
    .where({ id: blockId })
    .first();
  if (!block) return undefined;
  const [{ sum }] = await countedBlocks(db, settings.parkAreaBasis)
    .where("park_id", block.park_id)
    .select(db.raw("coalesce(sum(area_m2), 0)::float8 as sum"));
  const areaM2 = Number(block.area_m2);
  const countedInParkArea = isCounted(block.level, block.status, settings.parkAreaBasis);
  const parkAreaM2 = Number(sum) + (countedInParkArea ? 0 : areaM2);
  return {
    blockId,
    parkId: block.park_id,
    areaKm2: m2ToKm2(areaM2),
    parkAreaKm2: m2ToKm2(parkAreaM2),
    shareOfPark: areaM2 / parkAreaM2,
    basis: settings.parkAreaBasis,
    countedInParkArea,
  };
}

function countedBlocks(db: Db, basis: ParkAreaBasis) {
  const query = db("blocks").whereNotIn("status", ENDED_STATUSES as BlockStatus[]);
  return basis === "municipal-blocks" ? query.where("level", "municipal") : query;
}

function isCounted(level: BlockLevel, status: BlockStatus, basis: ParkAreaBasis): boolean {
  if (ENDED_STATUSES.includes(status)) return false;
  return basis === "all-blocks" || level === "municipal";
}
