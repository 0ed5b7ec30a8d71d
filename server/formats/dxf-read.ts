import DxfParser, {
  type IEntity,
  type ILwpolylineEntity,
  type IPolylineEntity,
  type ITextEntity,
} from "dxf-parser";
import type { Position } from "geojson";
import { bulgePositions, chordToleranceUnits } from "./dxf-arcs.js";
import { firstNonFinite, MAX_DXF_RINGS, withTrueVertexCounts } from "./dxf-guard.js";
import { readHatches } from "./dxf-hatch.js";
import { type DxfGrouping, groupRings, type Ring, ringContains } from "./dxf-rings.js";
import { DXF_XDATA_APP } from "./dxf-write.js";
import { type ImportNote, importNote, noteTexts } from "./import-notes.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";
import { decodeText } from "./text-encoding.js";

/**
 * DXF from planners' CAD files and GDAL, read with dxf-parser: closed LWPOLYLINE and 2D POLYLINE entities
 * and the boundary paths of HATCH entities (dxf-hatch.ts) are rings, arcs segmented to a chord error of
 * at most 0.05 m (dxf-arcs.ts); open polylines are reported, other entities counted and passed over. Rings
 * become blocks as dxf-rings.ts says. A TEXT/MTEXT inside a block with no name names it. DXF carries no
 * coordinate system. Text is UTF-8 when valid (AutoCAD 2007+, GDAL), else GB18030 ($DWGCODEPAGE ANSI_936).
 */
export interface DxfReadOptions {
  encoding?: string;
  grouping?: DxfGrouping;
}

export function readDxf(
  bytes: Uint8Array,
  label: string,
  options: DxfReadOptions = {},
): ReadResult<SourceDataset> {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 22));
  if (head.startsWith("AutoCAD Binary DXF")) {
    return readFailure("bad-file", `${label} is a binary DXF: save it as ASCII DXF and import again.`);
  }
  const { text } = decodeText(bytes, options.encoding);
  let parsed: ReturnType<DxfParser["parseSync"]>;
  try {
    parsed = new DxfParser().parseSync(withTrueVertexCounts(text));
  } catch (error) {
    return readFailure("bad-file", `${label} is not a readable DXF: ${(error as Error).message}`);
  }
  if (!parsed || !Array.isArray(parsed.entities))
    return readFailure("bad-file", `${label} has no ENTITIES section.`);
  const tolerance = chordToleranceUnits(firstPosition(parsed.entities));
  const rings: Ring[] = [];
  const texts: ITextEntity[] = [];
  const open: SourceFeature[] = [];
  const counts = new Map<string, number>();
  for (const entity of parsed.entities) {
    counts.set(entity.type, (counts.get(entity.type) ?? 0) + 1);
    if (
      entity.type === "LWPOLYLINE" ||
      (entity.type === "POLYLINE" && !(entity as IPolylineEntity).is3dPolygonMesh)
    ) {
      const polyline = entity as ILwpolylineEntity | IPolylineEntity;
      const positions = densified(polyline, tolerance);
      const bad = firstNonFinite(positions);
      if (bad) {
        return readFailure(
          "bad-file",
          `${label}: ${entity.type} ${String(entity.handle ?? "")} has a coordinate that is not a finite number (${bad.join(", ")}).`,
        );
      }
      const closed = polyline.shape || samePosition(positions[0], positions[positions.length - 1]);
      const handle = String(entity.handle ?? rings.length + 1);
      if (!closed) {
        open.push({
          source: `${label} ${entity.type} ${handle}`,
          geometry: { type: "LineString", coordinates: positions },
          properties: { layer: unescapeDxf(entity.layer ?? "") },
        });
        continue;
      }
      rings.push({
        handle,
        entity: entity.type,
        layer: unescapeDxf(entity.layer ?? ""),
        positions: closeRing(positions),
        xdata: xdataOf(entity),
      });
    } else if (entity.type === "TEXT" || entity.type === "MTEXT") {
      texts.push(entity as ITextEntity);
    }
  }
  const hatches = readHatches(text, tolerance);
  if (hatches.entities > 0) counts.set("HATCH", hatches.entities);
  const badHatch = hatches.rings.find((ring) => firstNonFinite(ring.positions));
  if (badHatch) {
    return readFailure(
      "bad-file",
      `${label}: HATCH ${badHatch.handle} has a coordinate that is not a finite number.`,
    );
  }
  for (const ring of hatches.rings)
    rings.push({ ...ring, entity: "HATCH", layer: unescapeDxf(ring.layer), xdata: {} });
  const found = foundSentence(counts, rings.length, open.length);
  if (rings.length > MAX_DXF_RINGS) {
    return readFailure(
      "too-many-rings",
      `${label} has ${rings.length} closed rings; at most ${MAX_DXF_RINGS} are read from one DXF (split the file).`,
      { rings: rings.length, limit: MAX_DXF_RINGS },
    );
  }
  if (rings.length === 0 && open.length === 0) {
    return readFailure("no-boundaries", `${label} has no closed boundary: ${found}.`, {
      entities: Object.fromEntries(counts),
      problems: noteTexts(hatches.problems),
    });
  }
  const features = [...groupRings(rings, label, options.grouping ?? "nesting"), ...open];
  nameFromTexts(features, texts);
  return readOk({
    format: "dxf",
    features,
    warnings: [foundNote(label, counts, rings.length, open.length), ...hatches.problems],
  });
}

/** What the DXF holds, as a note: "plan.dxf: 12 HATCH entities, 3 TEXT entities; 0 closed rings, …". */
function foundNote(
  label: string,
  counts: Map<string, number>,
  closedRings: number,
  openLines: number,
): ImportNote {
  return importNote(
    "dxf-found",
    {
      file: label,
      entities: [...counts].map(([type, count]) => `${type} ×${count}`).join(", "),
      closedRings,
      openLines,
    },
    `${label}: ${foundSentence(counts, closedRings, openLines)}.`,
  );
}

/** "12 HATCH entities, 3 TEXT entities; 0 closed rings, 1 open polyline". */
function foundSentence(counts: Map<string, number>, closedRings: number, openLines: number): string {
  const entities = [...counts].map(([type, count]) => `${count} ${type} entit${count === 1 ? "y" : "ies"}`);
  return (
    `${entities.join(", ") || "no entities"}; ${closedRings} closed ring${closedRings === 1 ? "" : "s"}` +
    ` (closed polylines and HATCH boundary paths), ${openLines} open polyline${openLines === 1 ? "" : "s"}`
  );
}

function firstPosition(entities: IEntity[]): Position | undefined {
  for (const entity of entities) {
    const vertex = (entity as ILwpolylineEntity).vertices?.[0];
    if (vertex) return [vertex.x, vertex.y];
  }
  return undefined;
}

function densified(polyline: ILwpolylineEntity | IPolylineEntity, tolerance: number): Position[] {
  const vertices = polyline.vertices ?? [];
  const positions: Position[] = [];
  for (let i = 0; i < vertices.length; i++) {
    const from = vertices[i];
    positions.push([from.x, from.y]);
    const bulge = (from as { bulge?: number }).bulge ?? 0;
    const next = vertices[i + 1] ?? (polyline.shape ? vertices[0] : undefined);
    if (bulge !== 0 && next)
      positions.push(...bulgePositions([from.x, from.y], [next.x, next.y], bulge, tolerance));
  }
  return positions;
}

function samePosition(a: Position | undefined, b: Position | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
}

function closeRing(positions: Position[]): Position[] {
  return samePosition(positions[0], positions[positions.length - 1])
    ? positions
    : [...positions, positions[0]];
}

/** Our XDATA (`key=<JSON>` strings of application BJHTZ); other applications' XDATA is ignored. */
function xdataOf(entity: IEntity): Record<string, unknown> {
  const data = entity.extendedData;
  if (!data || data.applicationName !== DXF_XDATA_APP) return {};
  const values: Record<string, unknown> = {};
  for (const text of data.customStrings ?? []) {
    const at = String(text).indexOf("=");
    if (at <= 0) continue;
    const raw = unescapeDxf(String(text).slice(at + 1)).trim();
    values[String(text).slice(0, at)] = parseJsonValue(raw);
  }
  return values;
}

function parseJsonValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** DXF escapes non-ASCII as \U+XXXX in older files. */
function unescapeDxf(text: string): string {
  return text.replace(/\\U\+([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** A block with no name takes the text written inside its outer ring (CAD drawings label parcels). */
function nameFromTexts(features: SourceFeature[], texts: ITextEntity[]): void {
  for (const feature of features) {
    if (feature.properties.name !== undefined || !feature.geometry) continue;
    const outer =
      feature.geometry.type === "Polygon"
        ? feature.geometry.coordinates[0]
        : feature.geometry.type === "MultiPolygon"
          ? feature.geometry.coordinates[0][0]
          : undefined;
    if (!outer) continue;
    const inside = texts.find((text) => {
      const at = text.startPoint ?? (text as unknown as { position?: { x: number; y: number } }).position;
      return at && ringContains(outer, [at.x, at.y]);
    });
    if (inside?.text) feature.properties.text = unescapeDxf(inside.text).replace(/\\P/g, " ").trim();
  }
}
