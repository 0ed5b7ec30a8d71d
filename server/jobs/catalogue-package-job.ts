import type { Stores } from "../app-context.js";
import { type BlockLevel, type BlockStatus, IN_FORCE_STATUSES } from "../domain/block.js";
import type { Neighbour } from "../domain/four-boundaries.js";
import type { GeometryLimits } from "../domain/geometry-limits.js";
import type { ZoneKind } from "../domain/layers.js";
import { ApiError } from "../errors.js";
import { BLOCK_STATUS_NAMES } from "../formats/block-labels.js";
import { type BlockMapInput, findCjkFont } from "../formats/block-map-pdf.js";
import { cataloguePackage } from "../formats/catalogue-package.js";
import type { OutputEncoding } from "../formats/text-encode.js";
import { workerPool } from "../workers/worker-pool.js";
import type { JobKind } from "./job-runner.js";

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

/** The package's zip for these blocks; `onStep` sees each block of each step (stage words the UI shows). */
export async function buildCataloguePackage(
  stores: Stores,
  selection: CatalogueSelection,
  blockIds: number[],
  onStep?: (stage: string, done: number, total: number) => Promise<void>,
  offThread = false,
  limits?: GeometryLimits,
): Promise<{ zip: Uint8Array; maps: boolean }> {
  const wanted = new Set(blockIds);
  await onStep?.("reading", 0, blockIds.length);
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
  const font = await findCjkFont();
  const ids = blocks.map((block) => block.properties.id);
  const zip = await cataloguePackage({
    encoding: selection.encoding,
    blocks,
    districts: await stores.exports.districtsOf(ids),
    containers: await stores.exports.containersOf(ids),
    zones,
    allBlocks,
    generatedAt: new Date(),
    selection: selectionText(selection),
    ...(font ? { font } : {}),
    ...(onStep ? { onStep } : {}),
    ...(offThread ? IN_WORKERS : {}),
    ...(limits ? { limits } : {}),
  });
  await onStep?.("zipping", blockIds.length, blockIds.length);
  return { zip, maps: font !== undefined };
}

/**
 * A job draws the maps and zips in the worker pool (issue #14 item 2): each map ~300 ms of pdfkit and the zip
 * seconds, which on the event loop stalled every request. Limits: a map 60 s / 256 MB, the zip 5 min / 1 GB.
 */
const IN_WORKERS = {
  renderMap: (map: BlockMapInput) =>
    workerPool().run<Uint8Array>("block-map-pdf", map, { timeoutMs: 60_000, maxOldGenerationSizeMb: 256 }),
  zip: (files: Record<string, Uint8Array>) =>
    workerPool().run<Uint8Array>("zip-files", files, { timeoutMs: 300_000, maxOldGenerationSizeMb: 1024 }),
};

/** Steps report every block but write progress at most this often (a row update each time). */
const PROGRESS_EVERY_MS = 250;

/** The package as a job (issue #14, #18.6): a read, so a server that stopped may start it over. */
export function cataloguePackageJob(stores: Stores, limits?: GeometryLimits): JobKind {
  return {
    resumable: true,
    run: async ({ job, progress }) => {
      const params = job.params as unknown as CatalogueSelection & { blockIds: number[] };
      let last = 0;
      const { zip, maps } = await buildCataloguePackage(
        stores,
        params,
        params.blockIds,
        async (stage, done, total) => {
          const now = Date.now();
          if (now - last < PROGRESS_EVERY_MS && done < total && done > 0) {
            // Still let other requests in between blocks.
            await new Promise((resolve) => setImmediate(resolve));
            return;
          }
          last = now;
          await progress(done, total, stage);
        },
        true,
        limits,
      );
      return {
        summary: { blockCount: params.blockIds.length, maps, bytes: zip.byteLength },
        file: { name: CATALOGUE_PACKAGE_FILE, contentType: "application/zip", body: zip },
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
