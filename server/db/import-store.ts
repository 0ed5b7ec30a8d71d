import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { createBlocks } from "./block-create-many.js";
import type { NewBlock } from "./block-store.js";
import { ellipsoidalAreaM2Sql, multiPolygonFromGeoJson } from "./geometry.js";
import { checkTopology } from "./geometry-validity.js";

/**
 * Import previews: each feature's PostGIS topology check (the same as a drawn block's), the preview kept
 * until commit, and the commit itself — ONE transaction creating every block set-based (createBlocks: each
 * gets its version row), all or nothing.
 */
export interface CheckedGeometry {
  outcome: "accepted" | "repaired" | "rejected";
  /** GeoJSON text to store (accepted/repaired). */
  geoJson?: string;
  areaM2?: number;
  repair?: { reason: string; areaBeforeM2: number; areaAfterM2: number; partsAfter: number };
  rejection?: { reason: string; message: string; location?: number[] };
}

/** The stored part of a preview feature: what a commit needs. */
export interface PreviewFeature {
  index: number;
  geoJson: string;
  properties: Record<string, unknown>;
}

export interface NewPreview {
  fileName: string;
  format: string;
  report: Record<string, unknown>;
  features: PreviewFeature[];
  actor: string;
}

export interface StoredPreview {
  id: string;
  status: "pending" | "committed";
  fileName: string;
  format: string;
  report: Record<string, unknown>;
  features: PreviewFeature[];
  createdAt: string;
  createdBy: string;
  committedAt: string | null;
  committedBy: string | null;
  blockIds: number[] | null;
}

/** An upload waiting for its preview job: the file and the checked reading options. */
export interface NewUpload {
  fileName: string;
  data: Uint8Array;
  options: Record<string, unknown>;
  actor: string;
}

export type CommitResult =
  | { outcome: "committed"; blockIds: number[] }
  | { outcome: "not-found" }
  | { outcome: "already-committed"; blockIds: number[] }
  | { outcome: "duplicate-codes"; codes: string[] };

/** Pending previews older than this are dropped when a new one is saved. */
const PREVIEW_LIFETIME_HOURS = 24;

/**
 * Bounds on what previews may hold (issue #15 item 4: an 11 MB KMZ stored a 35 MB preview). Decision: a
 * preview's stored features are at most 16 MB of GeoJSON text (more → 413 preview-too-large, nothing stored),
 * and an account keeps its 20 newest pending previews — saving a 21st drops its oldest pending one (a user
 * uploads again rather than going back to an old preview; committed previews stay as the import's record).
 */
export const MAX_PREVIEW_BYTES = 16 * 1024 * 1024;
export const PREVIEWS_PER_ACCOUNT = 20;

/** The stored size of a preview's features, in bytes of JSON text. */
export function previewBytes(features: readonly PreviewFeature[]): number {
  let bytes = 2;
  for (const feature of features) bytes += Buffer.byteLength(feature.geoJson) + 64;
  return bytes;
}

export function importStore(knex: Knex) {
  /** Topology check (repairing with ST_MakeValid when asked) and the ellipsoidal area of one polygon. */
  async function checkGeometry(geometry: unknown, repair: boolean): Promise<CheckedGeometry> {
    const topology = await checkTopology(knex, geometry, repair);
    if (!topology.valid) {
      return {
        outcome: "rejected",
        rejection: {
          reason: topology.reason,
          message: topology.message,
          ...(topology.location ? { location: topology.location } : {}),
        },
      };
    }
    const result = await knex.raw(`select ${ellipsoidalAreaM2Sql("g")} as area_m2 from (select ? as g) s`, [
      multiPolygonFromGeoJson(knex, topology.geoJson),
    ]);
    return {
      outcome: topology.repair ? "repaired" : "accepted",
      geoJson: topology.geoJson,
      areaM2: Number(result.rows[0].area_m2),
      ...(topology.repair ? { repair: topology.repair } : {}),
    };
  }

  async function save(preview: NewPreview, db: Knex | Knex.Transaction = knex): Promise<string> {
    const id = randomUUID();
    await db("import_previews")
      .where("status", "pending")
      .andWhere("created_at", "<", db.raw(`now() - interval '${PREVIEW_LIFETIME_HOURS} hours'`))
      .delete();
    const older = db("import_previews")
      .select("id")
      .where({ status: "pending", created_by: preview.actor })
      .orderBy([
        { column: "created_at", order: "desc" },
        { column: "id", order: "desc" },
      ])
      .offset(PREVIEWS_PER_ACCOUNT - 1);
    await db("import_previews").whereIn("id", older).delete();
    await db("import_previews").insert({
      id,
      status: "pending",
      file_name: preview.fileName,
      format: preview.format,
      report: JSON.stringify(preview.report),
      features: JSON.stringify(preview.features),
      created_by: preview.actor,
    });
    return id;
  }

  async function get(id: string): Promise<StoredPreview | undefined> {
    const row = await knex("import_previews").where({ id }).first();
    return row ? toPreview(row) : undefined;
  }

  /** Creates every block in one transaction; the preview is marked committed in the same transaction. */
  async function commit(
    id: string,
    blocks: NewBlock[],
    actor: string,
    db: Knex | Knex.Transaction = knex,
    onCreated?: (done: number, total: number) => Promise<void>,
  ): Promise<CommitResult> {
    const run = (work: (trx: Knex.Transaction) => Promise<CommitResult>) =>
      db.isTransaction ? work(db as Knex.Transaction) : knex.transaction(work);
    return run(async (trx) => {
      const row = await trx("import_previews").where({ id }).forUpdate().first();
      if (!row) return { outcome: "not-found" };
      if (row.status === "committed")
        return { outcome: "already-committed", blockIds: parseJson(row.block_ids) ?? [] };
      const codes = blocks.map((block) => block.code).filter((code): code is string => Boolean(code));
      if (codes.length > 0) {
        const taken = await trx("blocks").whereIn("code", codes).orderBy("code").pluck("code");
        if (taken.length > 0) return { outcome: "duplicate-codes", codes: taken };
      }
      const blockIds = await createBlocks(trx, blocks, { actor, change: "import" }, onCreated);
      await trx("import_previews")
        .where({ id })
        .update({
          status: "committed",
          committed_at: trx.fn.now(),
          committed_by: actor,
          block_ids: JSON.stringify(blockIds),
        });
      return { outcome: "committed", blockIds };
    });
  }

  /**
   * Keeps an upload for its preview job (issue #14 item 1): in the database, so any server's job reads it.
   * Uploads older than a day (a job that never ran) are dropped first.
   */
  async function keepUpload(upload: NewUpload, db: Knex | Knex.Transaction = knex): Promise<number> {
    await db("import_uploads")
      .where("created_at", "<", db.raw(`now() - interval '${PREVIEW_LIFETIME_HOURS} hours'`))
      .delete();
    const [row] = await db("import_uploads")
      .insert({
        file_name: upload.fileName,
        data: Buffer.from(upload.data.buffer, upload.data.byteOffset, upload.data.byteLength),
        options: JSON.stringify(upload.options),
        created_by: upload.actor,
      })
      .returning("id");
    return Number(row.id ?? row);
  }

  async function upload(id: number): Promise<(NewUpload & { id: number }) | undefined> {
    const row = await knex("import_uploads").where({ id }).first();
    if (!row) return undefined;
    return {
      id: Number(row.id),
      fileName: String(row.file_name),
      data: new Uint8Array(row.data),
      options: parseJson(row.options) ?? {},
      actor: String(row.created_by),
    };
  }

  async function dropUpload(id: number, db: Knex | Knex.Transaction = knex): Promise<void> {
    await db("import_uploads").where({ id }).delete();
  }

  return { checkGeometry, save, get, commit, keepUpload, upload, dropUpload };
}

export type ImportStore = ReturnType<typeof importStore>;

/** jsonb comes back parsed from pg and PGlite alike, but be tolerant of text. */
function parseJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function toPreview(row: Record<string, unknown>): StoredPreview {
  return {
    id: String(row.id),
    status: row.status as StoredPreview["status"],
    fileName: String(row.file_name),
    format: String(row.format),
    report: parseJson(row.report) ?? {},
    features: parseJson(row.features) ?? [],
    createdAt: new Date(row.created_at as string).toISOString(),
    createdBy: String(row.created_by),
    committedAt: row.committed_at ? new Date(row.committed_at as string).toISOString() : null,
    committedBy: (row.committed_by as string | null) ?? null,
    blockIds: parseJson(row.block_ids),
  };
}
