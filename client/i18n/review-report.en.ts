import type { reviewReportZhCN } from "./review-report.zh-CN.js";

/** English — the all-blocks overlap report view. Same shape as `review-report.zh-CN.ts`. */
export const reviewReportEn: typeof reviewReportZhCN = {
  report: {
    hint: "For every block in force (or one sub-park's), its overlap with each layer (dissolved within the layer) and with other blocks; sort, filter and download the result.",
    park: "Sub-park",
    allParks: "All sub-parks",
    start: "Make the report",
    cancel: "Cancel",
    state: {
      queued: "Queued",
      running: "Running",
      succeeded: "Done",
      failed: "Failed",
      cancelled: "Cancelled",
    },
    progress: (done: number, total: number) => `${done} / ${total} blocks`,
    filter: "Filter (name, code, sub-park)",
    onlyOverlapping: "Only blocks overlapping other blocks",
    shown: (shown: number, total: number) => `${shown} of ${total} rows`,
    download: "Download",
    block: "Block",
    areaKm2: "Area (km²)",
    overlapsBlocks: "Overlapping blocks",
    noOverlap: "—",
    zoomHint:
      "Click a row: the map zooms to the block and the blocks it overlaps; click an overlapping block: to that pair.",
    header: (crs: string, createdAt: string) => `CRS: ${crs}; made ${createdAt}`,
  },
};
