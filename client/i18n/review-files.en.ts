import type { reviewFilesZhCN } from "./review-files.zh-CN.js";

/** English — the site check and the import and export views. Same shape as `review-files.zh-CN.ts`. */
export const reviewFilesEn: typeof reviewFilesZhCN = {
  site: {
    hint: "Click a place on the map to see the zones and blocks there and the policies that apply.",
    point: "Place",
    zones: "Zones",
    blocks: "Blocks",
    none: "none",
    policies: "Policies",
    policyText: {
      "zgc-national-policies":
        "Inside the Zhongguancun Demonstration Zone: the national demonstration-zone policies apply.",
      "municipal-zgc-policies-only":
        "In a municipal high-tech zone block outside Zhongguancun: only Beijing's municipal Zhongguancun policies apply.",
      "municipal-high-tech-zone-support":
        "In a recognized municipal high-tech zone block: municipal development-zone siting treatment, priority land supply, the support fund, talent support and scenario lists.",
      "etdz-policies": "Inside the national ETDZ (Yizhuang): the national ETDZ policies apply.",
    },
    noPolicy: "Not inside any high-tech zone or ETDZ block: no dedicated policy.",
    manufacturingAllowed: "New productive manufacturing projects may be added here.",
    manufacturingBlocked:
      "In the ecological conservation area and outside any zone of municipal level or above: no new productive manufacturing projects.",
    pending: "Once the municipal block here is recognized, new manufacturing projects become possible.",
    insideZone: "Inside a development zone of municipal level or above.",
    outsideZone: "Not inside a development zone of municipal level or above.",
  },
  importer: {
    title: "Import blocks",
    file: "Choose a file",
    formats: "GeoJSON, zipped Shapefile, KML/KMZ, GeoPackage, DXF, boundary-point text/CSV",
    sourceCrs: "Source coordinate system",
    autoDetect: "Detect",
    gcj02: "Coordinates traced on a GCJ-02 map (AMap, Tencent): convert on import",
    encoding: "Attribute text encoding",
    upload: "Upload and check",
    uploading: (percent: string) => `Uploading ${percent}…`,
    checking: "Checking the features…",
    crs: "Coordinate system found",
    summary: (total: number, accepted: number, repaired: number, rejected: number) =>
      `${total} features: ${accepted} accepted, ${repaired} repaired, ${rejected} rejected`,
    outcome: { accepted: "accepted", repaired: "repaired", rejected: "rejected" },
    feature: "Feature",
    result: "Result",
    details: "Details",
    defaults: "Defaults (for fields the file lacks)",
    park: "Sub-park",
    level: "Level",
    namePrefix: "Name prefix",
    mapping: "Field mapping",
    noField: "(none)",
    commit: "Import",
    encodingUsed: (encoding: string, reason: string) => `Attributes read as ${encoding}: ${reason}.`,
    encodingSamples: "Samples in each encoding (pick the one that reads right):",
    readAs: (encoding: string) => `Read again as ${encoding}`,
    layers: "Layers in the file (one is imported at a time):",
    layerFeatures: (count: number) => `${count} features`,
    readLayer: "Read this layer",
    dxfByLayer: "DXF: the shapes of one CAD layer make one block (parts and holes)",
    committed: (count: number) => `${count} block${count === 1 ? "" : "s"} imported.`,
  },
  exporter: {
    title: "Export",
    format: "Format",
    scope: "Scope",
    selection: "Selected block",
    park: "Its sub-park",
    all: "All blocks",
    download: "Download",
    catalogue: "Catalogue submission package (one click)",
    noSelection: "No block selected",
  },
};
