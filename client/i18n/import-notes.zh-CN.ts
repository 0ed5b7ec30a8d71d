import type { ImportNoteCode, ImportNoteParams } from "../../server/formats/import-notes.js";

/** A note of the import report in the UI language, from its code and params (server/formats/import-notes.ts). */
export type NoteStrings = Record<ImportNoteCode, (params: ImportNoteParams) => string>;

const CRS_SOURCES: Record<string, string> = {
  prj: ".prj 文件",
  metadata: "文件元数据",
  "file-header": "文件头",
  format: "文件格式",
};
const HATCH_EDGES: Record<string, string> = { "elliptic-arc": "椭圆弧", spline: "样条曲线" };
const REPAIRED: Record<string, string> = {
  "self-intersection": "边界自相交",
  "invalid-geometry": "几何无效",
};

function cpgSaid(params: ImportNoteParams): string {
  if (params.cpg === "none") return "没有 .cpg 文件";
  if (params.cpg === "not-utf8") return `.cpg 写的是 ${params.label}，但属性值不是有效的 UTF-8`;
  return `.cpg 写的是“${params.label}”，不是代码页`;
}

/** 简体中文 — terms as GLOSSARY.md (坐标系, 高斯-克吕格, 公顷). */
export const importNotesZhCN: NoteStrings = {
  "crs-user": (p) => `坐标系由用户指定：${p.crs}。`,
  "crs-no-coordinates": () => "文件中没有坐标，按 CGCS2000 经纬度处理。",
  "crs-wgs84-stored-as-cgcs2000": () => "WGS84 经纬度按 CGCS2000 经纬度（EPSG:4490）存储，两者相差仅厘米级。",
  "crs-projected-taken-as-cgcs2000": () =>
    "投影坐标按 CGCS2000 处理：北京54/西安80 坐标数值相近但位置相差数十米，此类文件请先转换为 CGCS2000 再导入。",
  "crs-declared": (p) => `${CRS_SOURCES[String(p.source)] ?? p.source}声明的坐标系为 ${p.name}（${p.crs}）。`,
  "crs-detected": (p) => `文件没有坐标系信息：按坐标数值识别为 ${p.crs}。`,
  "crs-axes-swapped": () => "文件先写北坐标/纬度：已交换坐标轴。",
  "crs-lonlat-gcj02-hint": () =>
    "经纬度按 CGCS2000 处理（与 WGS84 相差厘米级）。如图形是在高德、腾讯或 DataV 地图上描绘的（GCJ-02），请勾选 GCJ-02 后重新导入。",
  "crs-gcj02-converted": () => "GCJ-02 经纬度（高德/腾讯/DataV）已纠正为 WGS84/CGCS2000，不存储偏移坐标。",
  "repair-repeated-points": (p) => `删除了 ${p.count} 个重复节点`,
  "repair-closed-rings": (p) => `闭合了 ${p.count} 个未闭合的边界`,
  "repair-made-valid": (p) =>
    `${REPAIRED[String(p.problem)] ?? "几何无效"}，已用 ST_MakeValid 修复：${p.hectaresBefore} → ${p.hectaresAfter} 公顷，${p.parts} 个部分`,
  "mapping-park-unmatched": (p) => `分园“${p.value}”与任何分园都不对应`,
  "mapping-level-unknown": (p) => `级别“${p.value}”不是国家级或市级`,
  "mapping-status-unknown": (p) => `状态“${p.value}”不是区块状态`,
  "stated-area-differs": (p) =>
    `文件所列面积 ${p.statedHectares} 公顷与计算面积 ${p.computedHectares} 公顷相差 ${p.differencePercent}%（超过 ${p.tolerancePercent}%）`,
  "shapefile-no-dbf": (p) => `${p.file}：没有 .dbf 文件，图形没有属性。`,
  "dxf-found": (p) =>
    `${p.file}：读到 ${p.entities || "0 个实体"}；闭合环 ${p.closedRings} 个（闭合多段线和填充边界），开放多段线 ${p.openLines} 条。`,
  "dxf-hatch-edge-skipped": (p) =>
    `填充 ${p.handle}：边界含${HATCH_EDGES[String(p.edge)] ?? `类型 ${p.edge} 的`}边，无法读取，已跳过该边界。`,
  "geopackage-layers": (p) =>
    `${p.file} 有 ${p.count} 个要素表，只读取了“${p.table}”：可在下方选择其他图层。`,
  "geopackage-skipped-tables": (p) =>
    `${p.file} 中的 ${p.tables} 登记为要素数据但不是表（视图或缺失）：未读取。`,
  "encoding-user": (p) => `由用户指定（${p.label}）`,
  "encoding-cpg": (p) => `.cpg 文件写的是 ${p.label}`,
  "encoding-language-byte": (p) => `DBF 语言标识字节为 ${p.byte}`,
  "encoding-values-utf8": (p) =>
    `${cpgSaid(p)}；属性值是有效的 UTF-8${p.asciiOnly ? "（均为 ASCII，按字段名判断）" : ""}`,
  "encoding-gb18030-fallback": (p) => `${cpgSaid(p)}；属性值不是有效的 UTF-8，按 GB18030（GBK）读取`,
};

/** How the encoding was chosen when the server gives no sentence (CSV, 界址点 files). */
export const encodingSourcesZhCN: Record<string, string> = {
  user: "由用户指定",
  cpg: "依据 .cpg 文件",
  "dbf-language-byte": "依据 DBF 语言标识字节",
  "utf-8-valid": "内容是有效的 UTF-8",
  "gb18030-fallback": "内容不是有效的 UTF-8，按 GB18030（GBK）读取",
};
