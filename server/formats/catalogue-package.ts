import type { MultiPolygon, Polygon, Position } from "geojson";
import type { BlockFeature } from "../db/block-store.js";
import { CRS_DEFINITIONS, STORAGE_CRS, SUBMISSION_GK_CRS } from "../domain/crs.js";
import { roundPositions, transformGeometry } from "../domain/crs-transform.js";
import { type ExportRefusal, exportRefusal, geometryRefusal } from "../domain/export-limits.js";
import { boxOfPositions } from "../domain/extent.js";
import { fourBoundaries, type Neighbour } from "../domain/four-boundaries.js";
import { DEFAULT_GEOMETRY_LIMITS, type GeometryLimits } from "../domain/geometry-limits.js";
import { BLOCK_LEVEL_NAMES } from "./block-labels.js";
import { type BlockMapInput, blockMapPdf, type CjkFont } from "./block-map-pdf.js";
import { blockTable, type ExportTable } from "./block-records.js";
import { numberRings, type RingToWrite, writeBoundaryFile } from "./boundary-points.js";
import { writeCatalogueWorkbook } from "./catalogue-workbook.js";
import { type CatalogueBlock, catalogueZones } from "./catalogue-zones.js";
import { EXPORT_BASENAME, EXPORT_FORMATS, exportBlocks, shapefileFiles } from "./export-blocks.js";
import { encodeText, type OutputEncoding, unencodable } from "./text-encode.js";
import { zipStream } from "./zip-stream.js";

/**
 * The catalogue submission package (DOMAIN.md §6), one zip: the Excel table in the catalogue's columns,
 * a 界址点 file per block in CGCS2000 GK zone 39 (with the zone prefix, 0.01 m), the GIS files, a printable
 * map per block, and 说明.txt saying what everything is and that the data is illustrative.
 */
export interface CataloguePackageInput {
  blocks: BlockFeature[];
  /** Block id → district name. */
  districts: Map<number, string>;
  /** Block id → the block in force it lies wholly inside (listed once all the same, issue #12.9). */
  containers?: Map<number, { id: number; name: string }>;
  /** Zones and districts around (for 四至范围 and the maps). */
  zones: Neighbour[];
  /** Every live block, to name neighbours (the package's own blocks included). */
  allBlocks: BlockFeature[];
  generatedAt: Date;
  /** Which blocks, in words (the request's filters). */
  selection: string;
  /** Without a CJK font no map is drawn and 说明.txt says so. */
  font?: CjkFont;
  /**
   * Text of the 界址点 files, the CSV and the Shapefile's DBF: GBK with CRLF by default, what domestic 报盘
   * and survey tools expect (issue 17); UTF-8 on request.
   */
  encoding?: OutputEncoding;
  /**
   * Called after each block of a step (`boundaries`: 四至范围, `maps`: the PDF maps), awaited: a job records its
   * progress there, other requests are served in between, and a throw (a cancel) stops the package.
   */
  onStep?: (stage: "boundaries" | "maps", done: number, total: number) => Promise<void>;
  /** Draws one block's map (default: here, blockMapPdf); a job draws them in a worker thread (issue #14). */
  renderMap?: (map: BlockMapInput, font: CjkFont) => Promise<Uint8Array>;
  /** Parts and vertices a block may have to be exported (the settings' GEOMETRY_MAX_*; issue #15 item 5). */
  limits?: GeometryLimits;
}

/** A block the package could not take whole, and why (listed in 说明.txt, issue #15 item 5). */
interface Problem {
  block: BlockFeature;
  /** Left out of the whole package, or only its 界址点 file and map missing. */
  leftOut: boolean;
  reason: string;
}

export const PACKAGE_FOLDERS = { boundaryPoints: "界址点", maps: "地图", gis: "GIS" } as const;
export const WORKBOOK_NAME = "开发区目录.xlsx";
export const README_NAME = "说明.txt";
export const PRODUCER = "北京市高新区空间规划平台（示意数据）";

/** The package's zip in one piece (the synchronous download and the tests). */
export async function cataloguePackage(input: CataloguePackageInput): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeCataloguePackage(input, (chunk) => parts.push(chunk));
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * The package written as a zip stream: each file is zipped as soon as it is made and its bytes go to
 * `onChunk` (a job passes them on to the database), so no map waits in memory for the others (issue #14).
 */
export async function writeCataloguePackage(
  input: CataloguePackageInput,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const date = input.generatedAt.toISOString().slice(0, 10);
  const limits = input.limits ?? DEFAULT_GEOMETRY_LIMITS;
  const problems: Problem[] = [];
  const refused = (block: BlockFeature, refusal: ExportRefusal | undefined) => {
    if (refusal) problems.push({ block, leftOut: true, reason: refusal.message });
    return refusal !== undefined;
  };
  const blocks = input.blocks.filter(
    (block) => !refused(block, exportRefusal(block.properties.attributes, block.geometry, limits)),
  );
  // A neighbour past the geometry limits is neither named in 四至范围 nor drawn: its walk is what overflowed.
  const neighbourBlocks = input.allBlocks.filter((other) => !geometryRefusal(other.geometry, limits));
  const neighboursOf = (block: BlockFeature): Neighbour[] => [
    ...neighbourBlocks
      .filter((other) => other.properties.id !== block.properties.id)
      .map((other): Neighbour => ({ name: other.properties.name, kind: "block", geometry: other.geometry })),
    ...input.zones,
  ];
  const onStep = input.onStep ?? (async () => {});
  const renderMap = input.renderMap ?? blockMapPdf;
  const entries = [];
  let walked = 0;
  for (const block of blocks) {
    const ownDistrict = input.districts.get(block.properties.id) ?? "";
    const inside = input.containers?.get(block.properties.id);
    try {
      const boundaries = fourBoundaries(block.geometry, { neighbours: neighboursOf(block), ownDistrict });
      entries.push({ block, district: ownDistrict, boundaries, ...(inside ? { inside } : {}) });
    } catch (error) {
      problems.push({ block, leftOut: true, reason: `四至范围计算出错：${errorText(error)}` });
    }
    walked += 1;
    await onStep("boundaries", walked, blocks.length);
  }
  const zones = catalogueZones(entries);
  const zip = zipStream(onChunk);
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const encoding = input.encoding ?? "gbk";
  const notEncodable = new Set<string>();
  let mapped = 0;
  for (const zone of zones) {
    for (const entry of zone.blocks) {
      const stem = `${paddedNumber(entry.number)}_${fileSafe(entry.block.properties.code ?? `block-${entry.block.properties.id}`)}`;
      try {
        const rings = gkRings(entry.block.geometry);
        const boundaryText = boundaryPointFile(entry, rings, date);
        for (const char of unencodable(boundaryText, encoding)) notEncodable.add(char);
        zip.add(`${PACKAGE_FOLDERS.boundaryPoints}/${stem}.txt`, encodeText(boundaryText, encoding));
        if (input.font) {
          const map = await renderMap(
            {
              block: entry.block,
              number: entry.number,
              district: entry.district,
              boundaries: entry.boundaries,
              rings: numberRings(rings),
              neighbours: nearby(entry.block.geometry, neighboursOf(entry.block)),
              generatedOn: date,
            },
            input.font,
          );
          zip.add(`${PACKAGE_FOLDERS.maps}/${stem}.pdf`, map);
        }
      } catch (error) {
        problems.push({
          block: entry.block,
          leftOut: false,
          reason: `界址点文件或地图未生成：${errorText(error)}`,
        });
      }
      mapped += 1;
      await onStep("maps", mapped, entries.length);
    }
  }
  const ordered = zones.flatMap((zone) => zone.blocks.map((entry) => entry.block));
  const table = withoutInternalFields(blockTable(ordered));
  const gisMissing: string[] = [];
  for (const format of EXPORT_FORMATS) {
    if (format === "shp") {
      for (const [name, data] of Object.entries(shapefileFiles(table, EXPORT_BASENAME, encoding))) {
        zip.add(`${PACKAGE_FOLDERS.gis}/shp/${name}`, data);
      }
      continue;
    }
    try {
      const file = await exportBlocks(format, table, SUBMISSION_GK_CRS, encoding);
      zip.add(`${PACKAGE_FOLDERS.gis}/${file.fileName}`, file.body);
    } catch (error) {
      gisMissing.push(`${PACKAGE_FOLDERS.gis}/ 的 ${format} 文件未生成：${errorText(error)}`);
    }
  }
  const notes = [
    ...readme(input, date, zones.length, ordered.length),
    ...problemLines(problems),
    ...gisMissing,
    encoding === "gbk"
      ? `文本编码：${PACKAGE_FOLDERS.boundaryPoints}/ 的界址点文件、blocks.csv 与 shp/ 的属性为 GBK（代码页936），Windows 换行（CRLF）；shp/blocks_fields.csv 为字段名对照表。${
          notEncodable.size > 0
            ? `GBK 无法表示的字符（${[...notEncodable].join("")}）写为“?”：请改用 UTF-8 版本（encoding=utf-8）。`
            : ""
        }`
      : `文本编码：${PACKAGE_FOLDERS.boundaryPoints}/ 的界址点文件、blocks.csv 与 shp/ 的属性为 UTF-8；shp/blocks_fields.csv 为字段名对照表。`,
  ];
  zip.add(WORKBOOK_NAME, await writeCatalogueWorkbook(zones, notes));
  zip.add(README_NAME, utf8(`\uFEFF${notes.join("\r\n")}\r\n`));
  zip.end();
}

/** 说明.txt's lines on the blocks left out or exported without their 界址点 file and map. */
function problemLines(problems: Problem[]): string[] {
  if (problems.length === 0) return [];
  const leftOut = problems.filter((problem) => problem.leftOut).length;
  return [
    `未能完整导出的区块（${problems.length} 个，其中 ${leftOut} 个未列入本包；超出上限的区块也不作为其他区块的四至范围与地图相邻区块）：`,
    ...problems.map(({ block, leftOut, reason }) => {
      const p = block.properties;
      return `- ${p.name}（编号 ${p.code ?? "无"}，id ${p.id}）${leftOut ? "未列入本包" : "已列入目录表"}：${reason}`;
    }),
  ];
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * Fields of ours that do not go to the ministries: the lifecycle status (整改中 and the like are the platform's
 * workflow, not the catalogue's), planners' notes and the ranking's category override (issue #12.9).
 */
export const INTERNAL_FIELDS = new Set(["status", "note", "categoryOverride"]);

function withoutInternalFields(table: ExportTable): ExportTable {
  return {
    fields: table.fields.filter((field) => !INTERNAL_FIELDS.has(field.name)),
    rows: table.rows.map((row) => ({
      geometry: row.geometry,
      values: Object.fromEntries(Object.entries(row.values).filter(([name]) => !INTERNAL_FIELDS.has(name))),
    })),
  };
}

/** The block's rings in GK zone 39 with the prefix, to 0.01 m, each part's outer ring before its holes. */
function gkRings(geometry: Polygon | MultiPolygon): RingToWrite[] {
  const projected = roundPositions(transformGeometry(geometry, STORAGE_CRS, SUBMISSION_GK_CRS), 2);
  const polygons = projected.type === "Polygon" ? [projected.coordinates] : projected.coordinates;
  return polygons.flatMap((rings) =>
    rings.map((ring, i) => ({
      role: i === 0 ? ("outer" as const) : ("hole" as const),
      positions: ring.map(([easting, northing]) => [easting, northing] as [number, number]),
    })),
  );
}

function boundaryPointFile(entry: CatalogueBlock, rings: RingToWrite[], date: string): string {
  const p = entry.block.properties;
  const definition = CRS_DEFINITIONS[SUBMISSION_GK_CRS];
  return writeBoundaryFile(
    {
      coordinateSystem: "2000国家大地坐标系",
      zone: definition.gaussKruger?.zone ?? 39,
      producer: PRODUCER,
      date,
    },
    [
      {
        name: p.name,
        code: p.code ?? `block-${p.id}`,
        areaHectares: p.areaHectares,
        use: `${BLOCK_LEVEL_NAMES[p.level]}高新区区块`,
        rings,
      },
    ],
  );
}

/** Neighbours whose extent overlaps the block's extent grown by half its size on each side. */
function nearby(geometry: Polygon | MultiPolygon, neighbours: Neighbour[]): Neighbour[] {
  const [w, s, e, n] = extent(geometry);
  const [dx, dy] = [(e - w) / 2, (n - s) / 2];
  return neighbours.filter((neighbour) => {
    const [nw, ns, ne, nn] = extent(neighbour.geometry);
    return ne >= w - dx && nw <= e + dx && nn >= s - dy && ns <= n + dy;
  });
}

function extent(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const positions: Position[] = (
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
  ).flat(2);
  return boxOfPositions(positions);
}

/** "1-2" → "1-02" so the files list in catalogue order. */
function paddedNumber(number: string): string {
  const [zone, block] = number.split("-");
  return `${zone}-${block.padStart(2, "0")}`;
}

function fileSafe(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 80);
}

function readme(input: CataloguePackageInput, date: string, zoneCount: number, blockCount: number): string[] {
  return [
    "开发区目录申报材料包（示意） · Catalogue submission package (illustrative)",
    `生成日期：${date}；选择：${input.selection}；${zoneCount} 个开发区，${blockCount} 个区块。`,
    "【示意】本包数据为演示用示意数据，非官方边界，不得作为法定面积或审批依据。Illustrative data, not official.",
    `${WORKBOOK_NAME}：目录表，列为 序号、开发区名称、批准时间（YYYY.MM）、核准面积（公顷）、主导产业，每个开发区下列出其区块（名称、分园、行政区、面积、面积类型、四至范围、备注），每个区块只列一次。批准时间与主导产业取自区块属性（approvedOn/recognizedOn、mainIndustries/主导产业），缺失时留空，需人工补填。区块面积为其核准面积（区块属性 approvedAreaHectares/核准面积，公顷），无核准面积时为计算面积（椭球面积），“面积类型”列注明；开发区核准面积为其区块面积之和，位于本开发区另一区块内的区块不重复计入。`,
    `${PACKAGE_FOLDERS.boundaryPoints}/：每个区块的界址点坐标文件（自然资源部交换格式），2000国家大地坐标系，高斯-克吕格3度带第39带（EPSG:4527），X为北坐标，Y为东坐标（含带号39），单位米，精确到0.01米；点号J1起按圈连续编号，每圈末点重复首点，圈号区分外环与内环（洞）。`,
    `${PACKAGE_FOLDERS.gis}/：blocks.geojson、blocks.kml、blocks.gpkg、blocks.csv（WKT列）、blocks.fgb（FlatGeobuf）与 shp/（.shp/.shx/.dbf/.prj/.cpg）为 CGCS2000 经纬度（EPSG:4490，1e-9度）；blocks.dxf 为高斯-克吕格第39带（EPSG:4527，0.001米），区块属性在 XDATA（BJHTZ）中。`,
    input.font
      ? `${PACKAGE_FOLDERS.maps}/：每个区块一张A4示意图（PDF），含面积表、比例尺、指北针、坐标系说明与“示意”标记。`
      : `${PACKAGE_FOLDERS.maps}/：未生成——服务器未安装中文字体（Debian：fonts-noto-cjk）。`,
    "面积：CGCS2000（GRS80）椭球面积，与系统存储值一致；1平方公里 = 100公顷。",
  ];
}
