import type { Knex } from "knex";
import { m2ToKm2 } from "../domain/units.js";

/**
 * What an application keeps (migration 20261201_13_rounds): its materials (bytea, with their SHA-256), every
 * submitted version with its frozen pre-checks, the departments' opinions, the checklist entries, its history
 * and the 批复. All but materials are append-only; a material is removed by marking it (versions name it).
 */
type Db = Knex | Knex.Transaction;

const iso = (value: unknown) => new Date(value as string).toISOString();

export interface MaterialInfo {
  id: number;
  kind: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  removed: boolean;
}

function toMaterial(row: Record<string, unknown>): MaterialInfo {
  return {
    id: Number(row.id),
    kind: String(row.kind),
    fileName: String(row.file_name),
    mediaType: String(row.media_type),
    sizeBytes: Number(row.size_bytes),
    sha256: String(row.sha256),
    uploadedBy: String(row.uploaded_by),
    uploadedAt: iso(row.uploaded_at),
    removed: row.removed_at !== null,
  };
}

const MATERIAL_COLUMNS = [
  "id",
  "kind",
  "file_name",
  "media_type",
  "size_bytes",
  "sha256",
  "uploaded_by",
  "uploaded_at",
  "removed_at",
];

export function roundRecords(knex: Knex) {
  return {
    async materials(applicationId: number, db: Db = knex): Promise<MaterialInfo[]> {
      const rows = await db("round_materials")
        .select(MATERIAL_COLUMNS)
        .where({ application_id: applicationId })
        .orderBy("id");
      return rows.map(toMaterial);
    },
    async addMaterial(
      material: { applicationId: number; kind: string; fileName: string; mediaType: string; sha256: string },
      content: Buffer,
      actor: string,
      trx: Knex.Transaction,
    ): Promise<MaterialInfo> {
      const [row] = await trx("round_materials")
        .insert({
          application_id: material.applicationId,
          kind: material.kind,
          file_name: material.fileName,
          media_type: material.mediaType,
          size_bytes: content.length,
          sha256: material.sha256,
          content,
          uploaded_by: actor,
        })
        .returning(MATERIAL_COLUMNS);
      return toMaterial(row);
    },
    async removeMaterial(id: number, actor: string, trx: Knex.Transaction): Promise<void> {
      await trx("round_materials").update({ removed_by: actor, removed_at: trx.fn.now() }).where({ id });
    },
    /** A material's bytes (Buffer on both drivers), or undefined. */
    async content(applicationId: number, materialId: number, db: Db = knex) {
      const row = await db("round_materials")
        .select([...MATERIAL_COLUMNS, "content"])
        .where({ application_id: applicationId, id: materialId })
        .first();
      if (!row) return undefined;
      return { ...toMaterial(row), content: Buffer.from(row.content as Uint8Array) };
    },

    async versions(applicationId: number, db: Db = knex) {
      const rows = await db("round_application_versions")
        .where({ application_id: applicationId })
        .orderBy("version");
      return rows.map((row) => ({
        version: Number(row.version),
        title: String(row.title),
        blockIds: (row.block_ids as number[]).map(Number),
        materialIds: (row.material_ids as number[]).map(Number),
        prechecks: row.prechecks as Record<string, unknown>,
        submittedBy: String(row.submitted_by),
        submittedAt: iso(row.submitted_at),
      }));
    },
    async addVersion(
      version: {
        applicationId: number;
        version: number;
        title: string;
        blockIds: number[];
        materialIds: number[];
      },
      prechecks: unknown,
      actor: string,
      trx: Knex.Transaction,
    ) {
      await trx("round_application_versions").insert({
        application_id: version.applicationId,
        version: version.version,
        title: version.title,
        block_ids: JSON.stringify(version.blockIds),
        material_ids: JSON.stringify(version.materialIds),
        prechecks: JSON.stringify(prechecks),
        submitted_by: actor,
      });
    },

    async opinions(applicationId: number, db: Db = knex) {
      const rows = await db("round_opinions").where({ application_id: applicationId }).orderBy("id");
      return rows.map((row) => ({
        id: Number(row.id),
        version: Number(row.version),
        department: String(row.department),
        opinion: String(row.opinion),
        text: String(row.text),
        materialIds: (row.material_ids as number[]).map(Number),
        recordedBy: String(row.recorded_by),
        recordedAt: iso(row.recorded_at),
      }));
    },
    async addOpinion(
      opinion: { applicationId: number; version: number; department: string; opinion: string; text: string },
      materialIds: number[],
      actor: string,
      trx: Knex.Transaction,
    ) {
      const [{ id }] = await trx("round_opinions")
        .insert({
          application_id: opinion.applicationId,
          version: opinion.version,
          department: opinion.department,
          opinion: opinion.opinion,
          text: opinion.text,
          material_ids: JSON.stringify(materialIds),
          recorded_by: actor,
        })
        .returning("id");
      return Number(id);
    },

    async checklist(applicationId: number, db: Db = knex) {
      const rows = await db("round_checklist_entries").where({ application_id: applicationId }).orderBy("id");
      return rows.map((row) => ({
        version: Number(row.version),
        condition: String(row.condition),
        met: Boolean(row.met),
        reason: String(row.reason),
        recordedBy: String(row.recorded_by),
        recordedAt: iso(row.recorded_at),
      }));
    },
    async addChecklist(
      applicationId: number,
      version: number,
      entries: { condition: string; met: boolean; reason: string }[],
      actor: string,
      trx: Knex.Transaction,
    ) {
      await trx("round_checklist_entries").insert(
        entries.map((entry) => ({ application_id: applicationId, version, ...entry, recorded_by: actor })),
      );
    },

    async events(applicationId: number, db: Db = knex) {
      const rows = await db("round_events").where({ application_id: applicationId }).orderBy("id");
      return rows.map((row) => ({
        version: Number(row.version),
        action: String(row.action),
        from: (row.from_state as string | null) ?? null,
        to: String(row.to_state),
        note: row.note as Record<string, unknown>,
        actor: String(row.actor),
        at: iso(row.at),
      }));
    },
    async addEvent(
      event: { applicationId: number; version: number; action: string; from: string | null; to: string },
      note: Record<string, unknown>,
      actor: string,
      trx: Knex.Transaction,
    ) {
      await trx("round_events").insert({
        application_id: event.applicationId,
        version: event.version,
        action: event.action,
        from_state: event.from,
        to_state: event.to,
        note: JSON.stringify(note),
        actor,
      });
    },

    async reply(applicationId: number, db: Db = knex) {
      const row = await db("round_replies")
        .select(db.raw("*, replied_on::text as replied_on_text"))
        .where({ application_id: applicationId })
        .first();
      if (!row) return null;
      return {
        decision: String(row.decision) as "approved" | "rejected",
        reference: String(row.reference),
        repliedOn: String(row.replied_on_text),
        approvedBlockIds: (row.approved_block_ids as number[]).map(Number),
        conditions: String(row.conditions),
        reasons: row.reasons as Record<string, string>,
        recordedBy: String(row.recorded_by),
        recordedAt: iso(row.recorded_at),
      };
    },
    async addReply(
      reply: {
        applicationId: number;
        decision: "approved" | "rejected";
        reference: string;
        repliedOn: string;
        approvedBlockIds: number[];
        conditions: string;
        reasons: Record<string, string>;
      },
      actor: string,
      trx: Knex.Transaction,
    ) {
      await trx("round_replies").insert({
        application_id: reply.applicationId,
        decision: reply.decision,
        reference: reply.reference,
        replied_on: reply.repliedOn,
        approved_block_ids: JSON.stringify(reply.approvedBlockIds),
        conditions: reply.conditions,
        reasons: JSON.stringify(reply.reasons),
        recorded_by: actor,
      });
    },

    /** The blocks named (any status), with their park's district, in the given order. */
    async blocks(blockIds: number[], db: Db = knex) {
      if (blockIds.length === 0) return [];
      const rows = await db("blocks as b")
        .join("parks as p", "p.id", "b.park_id")
        .select("b.id", "b.code", "b.name", "b.park_id", "p.name as park_name", "p.district", "b.level")
        .select("b.status", "b.version", "b.area_m2")
        .whereIn("b.id", blockIds);
      const byId = new Map(rows.map((row) => [Number(row.id), row]));
      return blockIds.flatMap((id) => {
        const row = byId.get(id);
        if (!row) return [];
        return [
          {
            id,
            code: (row.code as string | null) ?? null,
            name: String(row.name),
            parkId: Number(row.park_id),
            parkName: String(row.park_name),
            district: String(row.district),
            level: String(row.level),
            status: String(row.status),
            version: Number(row.version),
            areaKm2: m2ToKm2(Number(row.area_m2)),
          },
        ];
      });
    },
  };
}

export type RoundRecords = ReturnType<typeof roundRecords>;
