import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { createBlocks } from "./block-create-many.js";
import type { NewBlock } from "./block-store.js";
import { ellipsoidalAreaM2Sql, multiPolygonFromGeoJson } from "./geometry.js";
import { checkTopology } from "./geometry-validity.js";
import { importStaging, type StagedBlock } from "./import-staging.js";

/**
 * Import previews: each feature's PostGIS topology check (the same as a drawn block's), the preview kept
 * until commit, and the commit itself — ONE transaction creating every block set-based (createBlocks: each
 * gets its version row), all or nothing; on the embedded database staged first (commitStaged, import-staging.ts)
 * so that ONE transaction is a short one of copies.
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

/** A staged commit's publish, whose zones changed since its layers were staged (staged again, then retried). */
export type StagedPublish = CommitResult | { outcome: "stale-zones" };

/** How long the staged commit held the connection: its longest chunk and its publish (ms, measured here). */
export interface StagedTimings {
  chunks: number;
  longestChunkMs: number;
  publishMs: number;
  stagingMs: number;
  /** The longest statement dropping the staged rows after the publish. */
  longestDropMs: number;
  /** The publish's statements, ms each (its checks, the blocks' insert, versions, …). */
  publishSteps: Record<string, number>;
}

/**
 * What one staging chunk aims to take (issue #14: on PGlite a step holds the one connection ≤ ~50 ms). The
 * chunk's size follows the ms per block of the chunks before, averaged (it starts at FIRST_CHUNK_BLOCKS):
 * blocks cost ~1–2 ms each to stage on PGlite (half of it the tile columns' trigger), more where they overlap
 * many others; a chunk also costs ~5–10 ms whatever its size (its round trip and planning). Averaged, so that
 * one chunk slowed by the machine (on a loaded machine a 1-block chunk took 60–250 ms) does not shrink the next
 * ones to a block or two, where that fixed cost is most of the work.
 */
export const CHUNK_TARGET_MS = 35;
const FIRST_CHUNK_BLOCKS = 4;
const MAX_CHUNK_BLOCKS = 250;
/** Weight of the last chunk in the averaged ms per block. */
const PER_BLOCK_WEIGHT = 0.3;

export function chunkSizer(): { next: (size: number, tookMs: number) => number } {
  let perBlockMs: number | undefined;
  return {
    next(size, tookMs) {
      const last = Math.max(tookMs, 1) / size;
      perBlockMs = perBlockMs === undefined ? last : perBlockMs + PER_BLOCK_WEIGHT * (last - perBlockMs);
      const scaled = Math.floor(CHUNK_TARGET_MS / perBlockMs);
      return Math.max(1, Math.min(MAX_CHUNK_BLOCKS, scaled, size * 2));
    },
  };
}

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
  const staging = importStaging(knex);

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
      const refusal = await refusalOf(trx, id, blocks, true);
      if (refusal) return refusal;
      const blockIds = await createBlocks(trx, blocks, { actor, change: "import" }, onCreated);
      await markCommitted(trx, id, actor, blockIds);
      return { outcome: "committed", blockIds };
    });
  }

  /**
   * The staged commit (embedded PGlite, issue #14): the blocks and everything their triggers would derive are
   * staged in chunks of ~CHUNK_TARGET_MS, each its own transaction (`onStaged` between them: progress, and
   * the job's cancel), then `publishIn` runs the publish in ONE transaction — the caller's, which adds the audit
   * and job rows: kill -9 before it commits leaves no block (staged rows are read by nothing and dropped on the
   * next start). The checks (pending, codes free) are made again inside it.
   */
  async function commitStaged(
    id: string,
    blocks: NewBlock[],
    actor: string,
    publishIn: (work: (trx: Knex.Transaction) => Promise<StagedPublish>) => Promise<StagedPublish>,
    onStaged?: (done: number, total: number) => Promise<void>,
  ): Promise<{ result: CommitResult; timings: StagedTimings }> {
    const timings: StagedTimings = {
      chunks: 0,
      longestChunkMs: 0,
      publishMs: 0,
      stagingMs: 0,
      longestDropMs: 0,
      publishSteps: {},
    };
    const refusal = await refusalOf(knex, id, blocks);
    if (refusal) return { result: refusal, timings };
    const stagingStarted = performance.now();
    const { stagingId, ids } = await staging.open(id, blocks);
    try {
      const inChunks = async (step: (chunk: StagedBlock[]) => Promise<void>) => {
        let size = FIRST_CHUNK_BLOCKS;
        const sizer = chunkSizer();
        for (let start = 0; start < blocks.length; ) {
          await onStaged?.(start, blocks.length);
          const chunk = blocks
            .slice(start, start + size)
            .map((block, i) => ({ id: ids[start + i], position: start + i, block }));
          const began = performance.now();
          await step(chunk);
          const tookMs = performance.now() - began;
          timings.chunks += 1;
          timings.longestChunkMs = Math.max(timings.longestChunkMs, tookMs);
          size = sizer.next(chunk.length, tookMs);
          start += chunk.length;
        }
      };
      await inChunks((chunk) => staging.stage(stagingId, chunk));
      timings.stagingMs = performance.now() - stagingStarted;
      for (;;) {
        const began = performance.now();
        let inCaller = 0;
        const result = await publishIn(async (trx) => {
          const row = await trx("import_previews").where({ id }).forUpdate().first();
          if (!row) return { outcome: "not-found" };
          if (row.status === "committed")
            return { outcome: "already-committed", blockIds: parseJson(row.block_ids) ?? [] };
          const published = await staging.publish(
            trx,
            stagingId,
            { actor, change: "import" },
            timings.publishSteps,
          );
          if (published.outcome !== "published") return published;
          const marking = performance.now();
          await markCommitted(trx, id, actor, ids);
          timings.publishSteps.preview = performance.now() - marking;
          inCaller = performance.now();
          return { outcome: "committed", blockIds: ids };
        });
        timings.publishMs = performance.now() - began;
        // The caller's part: the audit and job rows, and the commit itself.
        if (inCaller) timings.publishSteps.auditJobCommit = performance.now() - inCaller;
        if (result.outcome !== "stale-zones") return { result, timings };
        await staging.restartLayers(stagingId);
        await inChunks((chunk) =>
          staging.stageLayers(
            stagingId,
            chunk.map((row) => row.id),
          ),
        );
      }
    } finally {
      timings.longestDropMs = await staging.drop(stagingId);
    }
  }

  /** Staged commits a stopped server left (PGlite, on start). */
  async function dropStagedLeftovers(before: Date): Promise<number> {
    return staging.dropLeftovers(before);
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

  return {
    checkGeometry,
    save,
    get,
    commit,
    commitStaged,
    dropStagedLeftovers,
    keepUpload,
    upload,
    dropUpload,
  };
}

/** Why a commit cannot happen (gone, committed already, codes taken), or undefined. */
async function refusalOf(
  db: Knex | Knex.Transaction,
  id: string,
  blocks: readonly NewBlock[],
  lock = false,
): Promise<CommitResult | undefined> {
  const query = db("import_previews").where({ id });
  const row = await (lock ? query.forUpdate() : query).first();
  if (!row) return { outcome: "not-found" };
  if (row.status === "committed")
    return { outcome: "already-committed", blockIds: parseJson(row.block_ids) ?? [] };
  const codes = blocks.map((block) => block.code).filter((code): code is string => Boolean(code));
  if (codes.length > 0) {
    const taken = await db("blocks").whereIn("code", codes).orderBy("code").pluck("code");
    if (taken.length > 0) return { outcome: "duplicate-codes", codes: taken };
  }
  return undefined;
}

async function markCommitted(
  trx: Knex.Transaction,
  id: string,
  actor: string,
  blockIds: number[],
): Promise<void> {
  await trx("import_previews")
    .where({ id })
    .update({
      status: "committed",
      committed_at: trx.fn.now(),
      committed_by: actor,
      block_ids: JSON.stringify(blockIds),
    });
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
