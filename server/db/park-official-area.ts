import type { Knex } from "knex";
import type { OfficialAreaReference } from "../domain/park-area.js";

/** An official sub-park area as entered (append-only: the latest row of a park is in force). */
export interface OfficialParkArea extends OfficialAreaReference {
  recordedAt: string;
  recordedBy: string;
}

type Db = Knex | Knex.Transaction;

export async function officialParkArea(db: Db, parkId: number): Promise<OfficialParkArea | null> {
  const row = await db("park_official_areas")
    .select(
      "area_km2",
      "approval_reference",
      db.raw("approved_on::text as approved_on"),
      "recorded_at",
      "recorded_by",
    )
    .where("park_id", parkId)
    .orderBy("id", "desc")
    .first();
  return row ? toOfficial(row) : null;
}

export async function officialParkAreaHistory(db: Db, parkId: number): Promise<OfficialParkArea[]> {
  const rows = await db("park_official_areas")
    .select(
      "area_km2",
      "approval_reference",
      db.raw("approved_on::text as approved_on"),
      "recorded_at",
      "recorded_by",
    )
    .where("park_id", parkId)
    .orderBy("id");
  return rows.map(toOfficial);
}

export async function saveOfficialParkArea(
  db: Db,
  parkId: number,
  value: OfficialAreaReference,
  actor: string,
): Promise<OfficialParkArea> {
  await db("park_official_areas").insert({
    park_id: parkId,
    area_km2: value.areaKm2,
    approval_reference: value.approvalReference,
    approved_on: value.approvedOn,
    recorded_by: actor,
  });
  return (await officialParkArea(db, parkId)) as OfficialParkArea;
}

/** A `park_official_areas` row (approved_on as text) as the area in force. */
export function toOfficial(row: Record<string, unknown>): OfficialParkArea {
  return {
    areaKm2: Number(row.area_km2),
    approvalReference: row.approval_reference as string,
    approvedOn: row.approved_on as string,
    recordedAt: new Date(row.recorded_at as string).toISOString(),
    recordedBy: row.recorded_by as string,
  };
}
