import type { Stores } from "../app-context.js";
import { type BlockLevel, type BlockStatus, IN_FORCE_STATUSES } from "../domain/block.js";
import type { Neighbour } from "../domain/four-boundaries.js";
import type { GeometryLimits } from "../domain/geometry-limits.js";
import type { ZoneKind } from "../domain/layers.js";
import { ApiError } from "../errors.js";
import { BLOCK_STATUS_NAMES } from "../formats/block-labels.js";
import { findCjkFont, hasCjkFont } from "../formats/block-map-pdf.js";
import { cataloguePackage } from "../formats/catalogue-package.js";
import type { OutputEncoding } from "../formats/text-encode.js";
import type { CataloguePackageTaskInput, PackageChunk, PackageProgress } from "../workers/package-tasks.js";
import { type TaskLimits, workerPool } from "../workers/worker-pool.js";
import { type JobKind, JobStopped } from "./job-runner.js";

export const CATALOGUE_PACKAGE_JOB = "catalogue-package";
export const CATALOGUE_PACKAGE_FILE = "catalogue-package.zip";

/** Which blocks go into the package: by ids, park, level, status; without a status the blocks in force. */
export interface CatalogueSelection {
  ids?: number[];
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
  encoding: OutputEncoding;
}

const NEIGHBOUR_ZONE_KINDS: ZoneKind[] = [
  "district",
  "etdz",
  "municipal-development-zone",
  "district-development-zone",
  "eco-conservation-area",
];

/**
 * The block ids a selection names, checked at once (a job refuses a bad selection before it is queued): ids
 * outside the selection are 404 naming them; an empty selection is 404 `no-blocks`.
 */
export async function catalogueBlockIds(stores: Stores, selection: CatalogueSelection): Promise<number[]> {
  const byStatus = selection.status === undefined;
  const inSelection = await stores.exports.selectionIds({
    ...(selection.parkId !== undefined ? { parkId: selection.parkId } : {}),
    ...(selection.level !== undefined ? { level: selection.level } : {}),
    ...(selection.status !== undefined ? { status: selection.status } : { statuses: IN_FORCE_STATUSES }),
  });
  let ids = inSelection;
  if (selection.ids && selection.ids.length > 0) {
    const found = new Set(inSelection);
    const missing = selection.ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const among = byStatus ? ` (${IN_FORCE_STATUSES.join(", ")})` : "";
      throw new ApiError(404, "not-found", `No block ${missing.join(", ")} in the selection${among}.`, {
        ids: missing,
        ...(byStatus ? { statuses: IN_FORCE_STATUSES } : {}),
      });
    }
    const wanted = new Set(selection.ids);
    ids = inSelection.filter((id) => wanted.has(id));
  }
  if (ids.length === 0) throw new ApiError(404, "no-blocks", "No block matches the selection.");
  return ids;
}

/** What the package is made of, read from the database (the job hands it to a worker as it is). */
async function packageInput(
  stores: Stores,
  selection: CatalogueSelection,
  blockIds: number[],
  limits?: GeometryLimits,
): Promise<CataloguePackageTaskInput> {
  const wanted = new Set(blockIds);
  const live = await stores.blocks.list();
  const blocks = live.filter((block) => wanted.has(block.properties.id));
  const zones: Neighbour[] = [];
  for (const kind of NEIGHBOUR_ZONE_KINDS) {
    for (const feature of (await stores.zones.layer(kind)).features) {
      if (feature.geometry.type !== "Polygon" && feature.geometry.type !== "MultiPolygon") continue;
      const name = String(feature.properties?.name ?? "");
      zones.push({ name, kind: kind === "district" ? "district" : "zone", geometry: feature.geometry });
    }
  }
  // Neighbours named in 四至范围 are blocks in force: a draft is nothing the ministries know of.
  const allBlocks = live.filter((block) => IN_FORCE_STATUSES.includes(block.properties.status));
  const ids = blocks.map((block) => block.properties.id);
  return {
    encoding: selection.encoding,
    blocks,
    districts: await stores.exports.districtsOf(ids),
    containers: await stores.exports.containersOf(ids),
    zones,
    allBlocks,
    generatedAt: new Date(),
    selection: selectionText(selection),
    ...(limits ? { limits } : {}),
  };
}

/** The package's zip for these blocks, built here (GET /exports/catalogue-package, the inline baseline). */
export async function buildCataloguePackage(
  stores: Stores,
  selection: CatalogueSelection,
  blockIds: number[],
  limits?: GeometryLimits,
): Promise<{ zip: Uint8Array; maps: boolean }> {
  const input = await packageInput(stores, selection, blockIds, limits);
  const font = await findCjkFont();
  const zip = await cataloguePackage({ ...input, ...(font ? { font } : {}) });
  return { zip, maps: font !== undefined };
}

/**
 * The job's worker: 2 GB of heap at most (every block and its neighbours are in it; the maps are zipped and
 * handed out as they are drawn, not held), 10 min plus 5 s a block, and nice (JOB_WORKER_NICE) so requests
 * take the cores first.
 */
const packageLimits = (blocks: number, nice: number): TaskLimits => ({
  timeoutMs: 600_000 + 5_000 * blocks,
  maxOldGenerationSizeMb: 2048,
  nice,
});

/** The package as a job (issue #14, #18.6): a read, so a server that stopped may start it over. */
export function cataloguePackageJob(stores: Stores, limits?: GeometryLimits, nice = 19): JobKind {
  return {
    resumable: true,
    run: async ({ job, progress, appendFile, signal }) => {
      const params = job.params as unknown as CatalogueSelection & { blockIds: number[] };
      const total = params.blockIds.length;
      await progress(0, total, "reading");
      const input = await packageInput(stores, params, params.blockIds, limits);
      const maps = await hasCjkFont();
      // Progress rows and the zip's chunks are written one after another, in the order the worker sent them; a
      // cancel seen there (a throw) ends the worker.
      const stop = new AbortController();
      let stopped: unknown;
      let recorded = Promise.resolve();
      const onProgress = (value: unknown) => {
        const message = value as PackageProgress | PackageChunk;
        recorded = recorded
          .then(() => {
            if (stopped) return;
            if ("chunk" in message) return appendFile(message.chunk);
            return progress(message.done, message.total, message.stage);
          })
          .catch((error) => {
            stopped ??= error;
            stop.abort(error);
          });
      };
      let bytes: number;
      try {
        ({ bytes } = await workerPool().run<{ bytes: number }>(
          "catalogue-package",
          input,
          packageLimits(total, nice),
          { onProgress, signal: AbortSignal.any([signal, stop.signal]) },
        ));
      } catch (error) {
        if (stopped) throw stopped;
        if (signal.aborted) throw new JobStopped("stopped");
        throw error;
      }
      await recorded;
      if (stopped) throw stopped;
      await progress(total, total, "zipping");
      return {
        summary: { blockCount: total, maps, bytes },
        file: { name: CATALOGUE_PACKAGE_FILE, contentType: "application/zip", appendedBytes: bytes },
      };
    },
  };
}

export function selectionText(selection: Omit<CatalogueSelection, "encoding">): string {
  const parts = [
    selection.ids?.length ? `区块 ${selection.ids.join(",")}` : "",
    selection.parkId !== undefined ? `分园 ${selection.parkId}` : "",
    selection.level ? `级别 ${selection.level}` : "",
    selection.status
      ? `状态 ${BLOCK_STATUS_NAMES[selection.status]}`
      : "已认定的区块（不含意向纳入区块和申报中的区块）",
  ].filter(Boolean);
  return parts.join("，");
}
