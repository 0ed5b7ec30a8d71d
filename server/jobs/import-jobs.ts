import type { Knex } from "knex";
import type { Stores } from "../app-context.js";
import type { AuditActor } from "../db/audit-store.js";
import type { NewBlock } from "../db/block-store.js";
import type { CommitResult, PreviewFeature, StagedPublish, StoredPreview } from "../db/import-store.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { checkMapping, type FieldMapping } from "../formats/attribute-mapping.js";
import { type CommitDefaults, planCommit } from "../formats/import-commit.js";
import type { ImportCommit } from "../schemas/imports.js";
import {
  type BuiltPreview,
  buildPreview,
  readDataset,
  savePreview,
  type UploadOptions,
} from "./import-preview.js";
import { COMMITTED, type JobKind } from "./job-runner.js";

/**
 * Import preview and commit as jobs (issue #14 items 1–2). Files of more than JobsConfig.importInlineFeatures
 * features (default 200, ~1 s of checks) or over INLINE_UPLOAD_BYTES are previewed by a job, and commits of more
 * features than that commit in one: POST answers 202 with the job, whose summary names the import.
 */
export const IMPORT_PREVIEW_JOB = "import-preview";
export const IMPORT_COMMIT_JOB = "import-commit";
/** Uploads over 1 MB go to a job without being read in the request. */
export const INLINE_UPLOAD_BYTES = 1024 * 1024;

export interface ImportPreviewParams {
  uploadId: number;
  fileName: string;
  audit: AuditActor;
}

export interface ImportCommitParams {
  importId: string;
  body: ImportCommit;
  audit: AuditActor;
}

/** What a commit makes: the created blocks in the order of the chosen features. */
export interface ImportCommitted {
  id: string;
  status: "committed";
  committed: number;
  blocks: { index: number; id: number; code: string | null | undefined; name: string }[];
}

/**
 * A refusal the request would have answered as 4xx, as the job's error: `code: message` (the client shows the
 * code's sentence in the UI language and the message under it, as for a 4xx).
 */
function jobError(error: unknown): unknown {
  return error instanceof ApiError ? new Error(`${error.code}: ${error.message}`) : error;
}

/** Progress rows at most this often (each is an update of the job's row). */
const PROGRESS_EVERY_MS = 250;

function throttled(progress: (done: number, total: number, stage: string) => Promise<void>) {
  let last = 0;
  return async (stage: string, done: number, total: number) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && done > 0 && done < total) return;
    last = now;
    await progress(done, total, stage);
  };
}

/**
 * The preview job: a write of one preview row, done with the job's success in one transaction at the end, so
 * a server that stopped midway wrote nothing and the job may start over (resumable) from the upload kept in
 * the database.
 */
export function importPreviewJob(stores: Stores, previewMaxBytes?: number): JobKind {
  return {
    resumable: true,
    run: async ({ job, progress, commitWith }) => {
      const params = job.params as unknown as ImportPreviewParams;
      const upload = await stores.imports.upload(params.uploadId);
      if (!upload)
        throw new Error(`The upload of ${params.fileName} is no longer kept: upload the file again.`);
      await progress(0, 1, "reading-file");
      const options = upload.options as unknown as UploadOptions;
      let built: BuiltPreview;
      try {
        const dataset = await readDataset(upload.fileName, upload.data, options);
        built = await buildPreview(
          stores,
          {
            fileName: upload.fileName,
            dataset,
            options,
            actor: upload.actor,
            ...(previewMaxBytes ? { maxBytes: previewMaxBytes } : {}),
          },
          throttled(progress),
        );
      } catch (error) {
        // A file that cannot be previewed will not become one later: its bytes go (a stop or cancel keeps them
        // for a restart; the day's sweep in keepUpload drops those).
        if (error instanceof ApiError) await stores.imports.dropUpload(upload.id);
        throw jobError(error);
      }
      await progress(1, 1, "storing");
      await savePreview(stores, params.audit, built, async (trx, importId) => {
        await stores.imports.dropUpload(upload.id, trx);
        await commitWith(trx, {
          summary: { importId, fileName: upload.fileName, summary: built.report.summary },
        });
      });
      return COMMITTED;
    },
  };
}

/** The preview's blocks for a commit body: the mapping, defaults and chosen features checked (4xx otherwise). */
export async function planImportCommit(
  stores: Stores,
  preview: StoredPreview,
  body: ImportCommit,
): Promise<{ blocks: NewBlock[]; chosen: PreviewFeature[] }> {
  if (preview.status === "committed") {
    throw new ApiError(409, "import-committed", "This import was committed already.", {
      blockIds: preview.blockIds,
    });
  }
  const defaults = await commitDefaults(stores, body);
  const fieldNames = (preview.report.fieldNames as string[] | undefined) ?? [];
  const proposed = (preview.report.mapping as { proposed: FieldMapping }).proposed;
  const mapping = checkMapping(body.mapping, fieldNames, proposed);
  if (typeof mapping === "string") throw badRequest("bad-mapping", mapping);
  const chosen = chooseFeatures(preview.features, body.indexes);
  const parks = (await stores.parks.list()).map(({ id, code, name }) => ({ id, code, name }));
  const plan = planCommit(chosen, mapping, defaults, parks);
  if (!plan.ok && plan.code === "missing-fields") {
    throw badRequest(
      "missing-fields",
      `${plan.incomplete.length} feature(s) lack block fields: map a field or give defaults (parkId, level, namePrefix).`,
      { features: plan.incomplete.slice(0, 100) },
    );
  }
  if (!plan.ok) {
    throw new ApiError(409, "duplicate-codes", `Codes repeat within the file: ${plan.codes.join(", ")}.`, {
      codes: plan.codes,
    });
  }
  return { blocks: plan.blocks, chosen };
}

/**
 * Creates the blocks in ONE transaction with the audit row (import-store commit); `inTransaction` adds the job's
 * success to it. A commit that cannot happen (committed meanwhile, codes taken) is its 4xx and writes nothing.
 * `staged` (embedded PGlite, issue #14): the blocks are staged in short chunks first (`onCreated` between them)
 * and that ONE transaction only publishes them. On PostgreSQL the commit stays one transaction creating the
 * blocks: it holds one connection of the pool while the others serve requests (decision, issue #14).
 */
export async function commitImport(
  stores: Stores,
  audit: AuditActor,
  preview: StoredPreview,
  plan: { blocks: NewBlock[]; chosen: PreviewFeature[] },
  options: {
    staged?: boolean;
    onCreated?: (done: number, total: number) => Promise<void>;
    inTransaction?: (trx: Knex.Transaction, committed: ImportCommitted) => Promise<void>;
  } = {},
): Promise<ImportCommitted> {
  const { blocks } = plan;
  const inAudit = <T extends StagedPublish>(work: (trx: Knex.Transaction) => Promise<T>) =>
    stores.audit.audited<T>(
      audit,
      { action: "import.commit", entity: "import", entityId: preview.id },
      async (trx) => {
        const done = await work(trx);
        if (done.outcome !== "committed") return { value: done, skip: true };
        await options.inTransaction?.(trx, committedOf(preview.id, done.blockIds, plan));
        return { value: done, after: { fileName: preview.fileName, blockIds: done.blockIds } };
      },
    );
  let result: CommitResult;
  if (options.staged) {
    const staged = await stores.imports.commitStaged(
      preview.id,
      blocks,
      audit.actorName,
      inAudit,
      options.onCreated,
    );
    // For scripts/bench-jobs.ts: how long each step held the connection.
    if (process.env.IMPORT_COMMIT_TIMINGS)
      process.stderr.write(`staged import commit: ${JSON.stringify(staged.timings)}\n`);
    result = staged.result;
  } else {
    result = await inAudit((trx) =>
      stores.imports.commit(preview.id, blocks, audit.actorName, trx, options.onCreated),
    );
  }
  switch (result.outcome) {
    case "not-found":
      throw notFound("Import", preview.id);
    case "already-committed":
      throw new ApiError(409, "import-committed", "This import was committed already.", {
        blockIds: result.blockIds,
      });
    case "duplicate-codes":
      throw new ApiError(
        409,
        "duplicate-codes",
        `Blocks with these codes exist already: ${result.codes.join(", ")}. Map code to no field, or change the file.`,
        { codes: result.codes },
      );
    case "committed":
      return committedOf(preview.id, result.blockIds, plan);
  }
}

function committedOf(
  id: string,
  blockIds: number[],
  { blocks, chosen }: { blocks: NewBlock[]; chosen: PreviewFeature[] },
): ImportCommitted {
  return {
    id,
    status: "committed",
    committed: blockIds.length,
    blocks: blockIds.map((blockId, i) => ({
      index: chosen[i].index,
      id: blockId,
      code: blocks[i].code,
      name: blocks[i].name,
    })),
  };
}

/**
 * The commit job: one transaction (kill -9 leaves no block or all of them with the job succeeded); not resumable
 * — a server that stopped midway fails it with the reason and the user commits again. Progress by block inside
 * the transaction only where another connection can write it (PostgreSQL); on PGlite (`staged`) the blocks are
 * staged in chunks, progress written between them, and the job's success is in the publish's transaction.
 */
export function importCommitJob(
  stores: Stores,
  mode: { staged: boolean; progressInTransaction: boolean },
): JobKind {
  return {
    resumable: false,
    run: async ({ job, progress, commitWith }) => {
      const params = job.params as unknown as ImportCommitParams;
      const preview = await stores.imports.get(params.importId);
      if (!preview) throw notFound("Import", params.importId);
      try {
        const plan = await planImportCommit(stores, preview, params.body);
        await progress(0, plan.blocks.length, "creating");
        const step = throttled(progress);
        await commitImport(stores, params.audit, preview, plan, {
          staged: mode.staged,
          ...(mode.staged || mode.progressInTransaction
            ? { onCreated: (done: number, total: number) => step("creating", done, total) }
            : {}),
          inTransaction: (trx, committed) => commitWith(trx, { summary: committed }),
        });
      } catch (error) {
        throw jobError(error);
      }
      return COMMITTED;
    },
  };
}

/** The commit's defaults; the schema has checked their types, the park must exist. */
async function commitDefaults(stores: Stores, body: ImportCommit): Promise<CommitDefaults> {
  const defaults: CommitDefaults = {};
  if (body.parkId !== undefined) {
    if (!(await stores.parks.get(body.parkId))) {
      throw badRequest("unknown-park", `Sub-park ${body.parkId} does not exist.`, { field: "parkId" });
    }
    defaults.parkId = body.parkId;
  }
  if (body.level !== undefined) defaults.level = body.level;
  if (body.status !== undefined) defaults.status = body.status;
  if (body.namePrefix !== undefined) defaults.namePrefix = body.namePrefix;
  return defaults;
}

function chooseFeatures(features: PreviewFeature[], indexes: number[] | undefined): PreviewFeature[] {
  if (indexes === undefined) return features;
  const wanted = new Set(indexes);
  const chosen = features.filter((feature) => wanted.has(feature.index));
  if (chosen.length !== wanted.size) {
    throw badRequest("bad-property", "Some indexes are not accepted features of this import.");
  }
  return chosen;
}
