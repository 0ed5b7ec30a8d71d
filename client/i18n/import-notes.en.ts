import type { NoteStrings } from "./import-notes.zh-CN.js";

const CRS_SOURCES: Record<string, string> = {
  prj: "The .prj file",
  metadata: "The file's metadata",
  "file-header": "The file header",
  format: "The format",
};
const REPAIRED: Record<string, string> = {
  "self-intersection": "self-intersecting boundary",
  "invalid-geometry": "invalid geometry",
};

function cpgSaid(params: Record<string, string | number>): string {
  if (params.cpg === "none") return "no .cpg file";
  if (params.cpg === "not-utf8") return `the .cpg says ${params.label} but the values are not valid UTF-8`;
  return `the .cpg says "${params.label}", which names no code page`;
}

/** English — the import report's notes. Same codes as `import-notes.zh-CN.ts`. */
export const importNotesEn: NoteStrings = {
  "crs-user": (p) => `Coordinate system given by the user: ${p.crs}.`,
  "crs-no-coordinates": () => "The file has no coordinates; CGCS2000 lon/lat assumed.",
  "crs-wgs84-stored-as-cgcs2000": () =>
    "WGS84 lon/lat is stored as CGCS2000 lon/lat (EPSG:4490); the two differ by centimetres.",
  "crs-projected-taken-as-cgcs2000": () =>
    "Projected numbers are taken as CGCS2000: Beijing 1954 / Xian 1980 numbers look alike but lie tens of metres away; convert such files to CGCS2000 before importing.",
  "crs-declared": (p) => `${CRS_SOURCES[String(p.source)] ?? p.source} names ${p.name} (${p.crs}).`,
  "crs-detected": (p) => `No coordinate-system metadata: detected ${p.crs} from the numbers.`,
  "crs-axes-swapped": () => "The file writes the northing/latitude first: axes swapped.",
  "crs-lonlat-gcj02-hint": () =>
    "Lon/lat taken as CGCS2000 (= WGS84 to centimetres). If the shapes were traced on AMap, Tencent or DataV maps (GCJ-02), tick GCJ-02 and import again.",
  "crs-gcj02-converted": () =>
    "GCJ-02 lon/lat (AMap/Tencent/DataV) converted to WGS84/CGCS2000; never stored offset.",
  "repair-repeated-points": (p) => `removed ${p.count} repeated point${Number(p.count) > 1 ? "s" : ""}`,
  "repair-closed-rings": (p) => `closed ${p.count} open ring${Number(p.count) > 1 ? "s" : ""}`,
  "repair-made-valid": (p) =>
    `${REPAIRED[String(p.problem)] ?? "invalid geometry"} made valid with ST_MakeValid: ${p.hectaresBefore} → ${p.hectaresAfter} ha, ${p.parts} part${Number(p.parts) > 1 ? "s" : ""}`,
  "mapping-park-unmatched": (p) => `sub-park "${p.value}" matches no sub-park`,
  "mapping-level-unknown": (p) => `level "${p.value}" is not national or municipal`,
  "mapping-status-unknown": (p) => `status "${p.value}" is not a block status`,
  "stated-area-differs": (p) =>
    `stated area ${p.statedHectares} ha differs from the computed ${p.computedHectares} ha by ${p.differencePercent}% (more than ${p.tolerancePercent}%)`,
  "shapefile-no-dbf": (p) => `${p.file}: no .dbf, so the shapes have no attributes.`,
  "dxf-found": (p) =>
    `${p.file}: ${p.entities || "no entities"}; ${p.closedRings} closed rings (closed polylines and HATCH boundary paths), ${p.openLines} open polylines.`,
  "dxf-hatch-edge-skipped": (p) =>
    `HATCH ${p.handle}: a boundary edge of type ${String(p.edge).replace("-", " ")} is not read; the path was passed over.`,
  "geopackage-layers": (p) =>
    `${p.file} has ${p.count} feature tables; only "${p.table}" was read: choose another layer below.`,
  "geopackage-skipped-tables": (p) =>
    `${p.file} registers ${p.tables} as feature data but not as a table (a view or missing): not read.`,
  "encoding-user": (p) => `chosen by the user (${p.label})`,
  "encoding-cpg": (p) => `the .cpg file says ${p.label}`,
  "encoding-language-byte": (p) => `the DBF language byte is ${p.byte}`,
  "encoding-values-utf8": (p) =>
    `${cpgSaid(p)}; the attribute values are valid UTF-8${p.asciiOnly ? " (plain ASCII; field names judged)" : ""}`,
  "encoding-gb18030-fallback": (p) =>
    `${cpgSaid(p)}; the attribute values are not valid UTF-8, read as GB18030 (GBK)`,
};

export const encodingSourcesEn: Record<string, string> = {
  user: "chosen by the user",
  cpg: "from the .cpg file",
  "dbf-language-byte": "from the DBF language byte",
  "utf-8-valid": "the text is valid UTF-8",
  "gb18030-fallback": "the text is not valid UTF-8, read as GB18030 (GBK)",
};
