import type { Knex } from "knex";
import { ENDED_STATUSES } from "../domain/block.js";
import type { OfficialAreaReference } from "../domain/park-area.js";
import type { PolicySettings } from "../domain/settings.js";
import { m2ToKm2 } from "../domain/units.js";
import { officialParkAreaHistory, saveOfficialParkArea } from "./park-official-area.js";
import { parkShares } from "./park-share.js";

/** 分园 — one of the 16 Zhongguancun sub-parks. `category` is the evaluation category (DOMAIN.md §4.2). */
export interface Park {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  district: string;
  category: "A" | "B";
  /** Total ellipsoidal area of the park's blocks that have not ended (exited or withdrawn). */
  areaKm2: number;
  blockCount: number;
}

export interface NewPark {
  code: string;
  name: string;
  nameEn: string;
  district: string;
  category: "A" | "B";
}

export function parkStore(knex: Knex) {
  function baseQuery() {
    return knex("parks as p")
      .leftJoin("blocks as b", (join) =>
        join.on("b.park_id", "p.id").andOnNotIn("b.status", ENDED_STATUSES as string[]),
      )
      .select(
        "p.id",
        "p.code",
        "p.name",
        "p.name_en",
        "p.district",
        "p.category",
        knex.raw("coalesce(sum(b.area_m2), 0)::float8 as area_m2"),
        knex.raw("count(b.id)::int as block_count"),
      )
      .groupBy("p.id")
      .orderBy("p.id");
  }

  async function list(): Promise<Park[]> {
    return (await baseQuery()).map(toPark);
  }

  async function get(id: number): Promise<Park | undefined> {
    const row = await baseQuery().where("p.id", id).first();
    return row ? toPark(row) : undefined;
  }

  async function idsByCode(): Promise<Map<string, number>> {
    const rows = await knex("parks").select("id", "code");
    return new Map(rows.map((row) => [row.code as string, row.id as number]));
  }

  /** Each block's share of the park (DOMAIN.md §4.5), on the basis the settings name. */
  function shares(id: number, settings: Pick<PolicySettings, "parkAreaBasis">) {
    return parkShares(knex, id, settings);
  }

  /** The official areas (批复面积) entered for the park, oldest first: the last one is in force. */
  function officialAreaHistory(id: number, db: Knex | Knex.Transaction = knex) {
    return officialParkAreaHistory(db, id);
  }

  function saveOfficialArea(
    id: number,
    value: OfficialAreaReference,
    actor: string,
    db: Knex | Knex.Transaction = knex,
  ) {
    return saveOfficialParkArea(db, id, value, actor);
  }

  return { list, get, idsByCode, shares, officialAreaHistory, saveOfficialArea };
}

export type ParkStore = ReturnType<typeof parkStore>;

function toPark(row: Record<string, unknown>): Park {
  return {
    id: row.id as number,
    code: row.code as string,
    name: row.name as string,
    nameEn: row.name_en as string,
    district: row.district as string,
    category: String(row.category) as "A" | "B",
    areaKm2: m2ToKm2(Number(row.area_m2)),
    blockCount: Number(row.block_count),
  };
}
