import { access, readFile } from "node:fs/promises";
import * as fontkit from "fontkit";
import type { MultiPolygon, Polygon, Position } from "geojson";
import PDFDocument from "pdfkit";
import type { BlockFeature } from "../db/block-store.js";
import { STORAGE_CRS, SUBMISSION_GK_CRS } from "../domain/crs.js";
import { transformGeometry } from "../domain/crs-transform.js";
import { boxOfPositions } from "../domain/extent.js";
import type { FourBoundaries, Neighbour } from "../domain/four-boundaries.js";
import { BLOCK_LEVEL_NAMES } from "./block-labels.js";
import type { BoundaryRing } from "./boundary-points.js";

/**
 * A printable A4 map of one block (pdfkit, vector): the block in CGCS2000 GK zone 39 metres with its
 * numbered boundary points, neighbours in grey, a scale bar, a north arrow (grid north), the area table,
 * 四至范围, the CRS note and a 示意 / not-official marker. Chinese text needs a CJK font: the system's
 * Noto Sans CJK (Debian fonts-noto-cjk) or another from the list below; without one no map is drawn.
 */
export interface CjkFont {
  data: Buffer;
  /** The face inside a .ttc collection. */
  family?: string;
}

const FONT_CANDIDATES: { path: string; family?: string }[] = [
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", family: "NotoSerifCJKsc-Regular" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYiZenHei" },
];

let fontLookup: Promise<CjkFont | undefined> | undefined;

/** The first CJK font found (read once per process), or undefined. */
export function findCjkFont(): Promise<CjkFont | undefined> {
  fontLookup ??= (async () => {
    for (const candidate of FONT_CANDIDATES) {
      const data = await readFile(candidate.path).catch(() => undefined);
      if (data) return { data, ...(candidate.family ? { family: candidate.family } : {}) };
    }
    return undefined;
  })();
  return fontLookup;
}

/**
 * Whether a CJK font is installed, without reading it: the jobs ask on the event loop, and their workers read
 * the 19 MB font themselves (findCjkFont there), so the server process need not hold a copy.
 */
export async function hasCjkFont(): Promise<boolean> {
  for (const candidate of FONT_CANDIDATES) {
    if (
      await access(candidate.path).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

export interface BlockMapInput {
  block: BlockFeature;
  number: string;
  district: string;
  boundaries: FourBoundaries;
  /** The numbered boundary points in GK zone 39 (the 界址点 file's numbering). */
  rings: BoundaryRing[];
  neighbours: Neighbour[];
  generatedOn: string;
}

const PAGE = { width: 595.28, height: 841.89, margin: 40 };
const FRAME = { x: 40, y: 84, width: 515, height: 400 };
const PT_PER_METRE_OF_PAPER = 72 / 0.0254;

const parsedFonts = new WeakMap<Buffer, Map<string, fontkit.Font>>();

/**
 * The font parsed once per thread and handed to every map's document (pdfkit takes a parsed fontkit font): each
 * document parsing the 19 MB Noto CJK collection again was ~35% of a map's time (--cpu-prof, 15 maps: font
 * open 2.5 s and its GSUB/GPOS tables 3.1 s of 12.8 s). Each document still makes its own subset.
 */
function parsedFont(font: CjkFont): fontkit.Font | undefined {
  const faces = parsedFonts.get(font.data) ?? new Map<string, fontkit.Font>();
  parsedFonts.set(font.data, faces);
  const key = font.family ?? "";
  if (!faces.has(key)) {
    const parsed = fontkit.create(font.data, font.family);
    if ("layout" in parsed) faces.set(key, parsed);
    else return undefined;
  }
  return faces.get(key);
}

export function blockMapPdf(input: BlockMapInput, font: CjkFont): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    info: { Title: `${input.block.properties.name} 示意图` },
  });
  const done = new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  const parsed = parsedFont(font);
  if (parsed) doc.registerFont("cjk", parsed as unknown as PDFKit.Mixins.PDFFontSource);
  else doc.registerFont("cjk", font.data, font.family as string);
  doc.font("cjk");
  const p = input.block.properties;
  doc.fontSize(16).fillColor("#000").text(`${p.name} · 示意图`, PAGE.margin, 36);
  doc
    .fontSize(9)
    .fillColor("#444")
    .text(
      `${p.parkName} · ${input.district} · ${BLOCK_LEVEL_NAMES[p.level]} · 序号 ${input.number}`,
      PAGE.margin,
      60,
    );
  const scale = drawMap(doc, input);
  drawScaleBar(doc, scale);
  drawNorthArrow(doc);
  drawTable(doc, input);
  drawMarker(doc, input.generatedOn);
  doc.end();
  return done;
}

interface MapScale {
  ptPerMetre: number;
  project: (position: Position) => [number, number];
}

function gk(geometry: Polygon | MultiPolygon): Position[][][] {
  const projected = transformGeometry(geometry, STORAGE_CRS, SUBMISSION_GK_CRS);
  return projected.type === "Polygon" ? [projected.coordinates] : projected.coordinates;
}

function drawMap(doc: PDFKit.PDFDocument, input: BlockMapInput): MapScale {
  const polygons = gk(input.block.geometry);
  const positions = polygons.flat(2);
  const [minE, minN, maxE, maxN] = boxOfPositions(positions);
  const padding = 0.15;
  const spanE = Math.max(maxE - minE, 1) * (1 + 2 * padding);
  const spanN = Math.max(maxN - minN, 1) * (1 + 2 * padding);
  const ptPerMetre = Math.min(FRAME.width / spanE, FRAME.height / spanN);
  const centreE = (minE + maxE) / 2;
  const centreN = (minN + maxN) / 2;
  const project = ([e, n]: Position): [number, number] => [
    FRAME.x + FRAME.width / 2 + (e - centreE) * ptPerMetre,
    FRAME.y + FRAME.height / 2 - (n - centreN) * ptPerMetre,
  ];
  doc.save();
  doc.rect(FRAME.x, FRAME.y, FRAME.width, FRAME.height).clip();
  for (const neighbour of input.neighbours) {
    tracePolygons(doc, gk(neighbour.geometry), project);
    if (neighbour.kind === "block") doc.fillOpacity(0.25).fillAndStroke("#bbbbbb", "#888888", "even-odd");
    else doc.lineWidth(0.6).dash(3, { space: 2 }).strokeColor("#999999").stroke().undash();
  }
  doc.fillOpacity(1).lineWidth(1.5);
  tracePolygons(doc, polygons, project);
  doc.fillOpacity(0.35).fillAndStroke("#e4572e", "#b22222", "even-odd");
  doc.fillOpacity(1);
  const pointCount = input.rings.reduce((sum, ring) => sum + ring.points.length - 1, 0);
  if (pointCount <= 60) {
    doc.fontSize(6).fillColor("#000");
    for (const ring of input.rings) {
      for (const point of ring.points.slice(0, -1)) {
        const [x, y] = project([point.easting, point.northing]);
        doc.circle(x, y, 1.6).fill("#000");
        doc.text(point.name, x + 2.5, y - 8, { lineBreak: false });
      }
    }
  }
  doc.restore();
  doc.lineWidth(0.8).strokeColor("#000").rect(FRAME.x, FRAME.y, FRAME.width, FRAME.height).stroke();
  return { ptPerMetre, project };
}

function tracePolygons(
  doc: PDFKit.PDFDocument,
  polygons: Position[][][],
  project: MapScale["project"],
): void {
  for (const rings of polygons) {
    for (const ring of rings) {
      ring.forEach((position, i) => {
        const [x, y] = project(position);
        if (i === 0) doc.moveTo(x, y);
        else doc.lineTo(x, y);
      });
      doc.closePath();
    }
  }
}

/** A bar of a round length (1, 2 or 5 × 10ⁿ m) about a quarter of the frame wide, and the scale ratio. */
function drawScaleBar(doc: PDFKit.PDFDocument, scale: MapScale): void {
  const target = FRAME.width / 4 / scale.ptPerMetre;
  const power = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((step) => step * power).find((length) => length <= target) ?? power;
  const width = metres * scale.ptPerMetre;
  const x = FRAME.x + 12;
  const y = FRAME.y + FRAME.height - 22;
  doc
    .rect(x - 4, y - 12, width + 70, 30)
    .fillOpacity(0.8)
    .fill("#ffffff")
    .fillOpacity(1);
  doc.rect(x, y, width / 2, 4).fill("#000");
  doc
    .rect(x + width / 2, y, width / 2, 4)
    .lineWidth(0.6)
    .stroke("#000");
  doc.fontSize(7).fillColor("#000");
  doc.text("0", x - 2, y + 6, { lineBreak: false });
  doc.text(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, x + width - 6, y + 6, {
    lineBreak: false,
  });
  const ratio = Math.round(PT_PER_METRE_OF_PAPER / scale.ptPerMetre);
  doc.text(`比例尺 1:${ratio.toLocaleString("en-US")}（A4 打印）`, x, y - 10, { lineBreak: false });
}

function drawNorthArrow(doc: PDFKit.PDFDocument): void {
  const x = FRAME.x + FRAME.width - 28;
  const y = FRAME.y + 14;
  doc.polygon([x, y], [x - 8, y + 24], [x, y + 18], [x + 8, y + 24]).fill("#000");
  doc.fontSize(9).text("北", x - 4.5, y + 26, { lineBreak: false });
}

function drawTable(doc: PDFKit.PDFDocument, input: BlockMapInput): void {
  const p = input.block.properties;
  const pointCount = input.rings.reduce((sum, ring) => sum + ring.points.length - 1, 0);
  const rows: [string, string][] = [
    ["区块名称", p.name],
    ["区块编号", p.code ?? `#${p.id}`],
    ["所属分园 / 行政区", `${p.parkName} / ${input.district}`],
    // No lifecycle status: the map goes to the ministries with the catalogue (issue #12.9).
    ["级别", BLOCK_LEVEL_NAMES[p.level]],
    ["计算面积（公顷）", p.areaHectares.toFixed(4)],
    ["计算面积（平方公里）", p.areaKm2.toFixed(6)],
    ["界址点", `${pointCount} 个（${input.rings.length} 圈），见界址点坐标文件`],
    ["四至范围", input.boundaries.text],
  ];
  let y = FRAME.y + FRAME.height + 14;
  doc.fontSize(9).fillColor("#000");
  for (const [label, value] of rows) {
    const height = Math.max(doc.heightOfString(value, { width: 390 }), 12);
    doc
      .rect(PAGE.margin, y - 3, 515, height + 6)
      .lineWidth(0.4)
      .stroke("#999999");
    doc.text(label, PAGE.margin + 6, y, { width: 110 });
    doc.text(value, PAGE.margin + 120, y, { width: 390 });
    y += height + 6;
  }
  doc.fontSize(7.5).fillColor("#333");
  doc.text(
    "坐标系：2000国家大地坐标系（CGCS2000），高斯-克吕格投影 3度带 第39带，中央经线117°E（EPSG:4527，横坐标含带号39）。" +
      "图中北向为坐标纵轴（坐标北），与真北相差不足1°。面积为CGCS2000椭球面积（系统存储值），不是投影平面面积。",
    PAGE.margin,
    y + 6,
    { width: 515 },
  );
}

/** 示意: a faint diagonal marker across the page and a footer line. */
function drawMarker(doc: PDFKit.PDFDocument, generatedOn: string): void {
  doc.save();
  doc.rotate(-30, { origin: [PAGE.width / 2, PAGE.height / 2] });
  doc.fontSize(64).fillColor("#cc0000").fillOpacity(0.1);
  doc.text("示意 · 非正式文件", 0, PAGE.height / 2 - 40, {
    width: PAGE.width,
    align: "center",
    lineBreak: false,
  });
  doc.restore();
  doc.fillOpacity(1).fontSize(8).fillColor("#cc0000");
  doc.text(
    `示意图：非官方边界，不作为法定面积或审批依据。Illustrative, not official. 生成日期 ${generatedOn}`,
    PAGE.margin,
    PAGE.height - 52,
    { width: 515, align: "center", lineBreak: false },
  );
}
