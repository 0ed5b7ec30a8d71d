import DxfParser, {
  type IEntity,
  type ILwpolylineEntity,
  type IPolylineEntity,
  type ITextEntity,
} from "dxf-parser";
import type { Position } from "geojson";
import { badRequest } from "../errors.js";
import { DXF_XDATA_APP } from "./dxf-write.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";
import { decodeText } from "./text-encoding.js";

/**
 * DXF from planners' CAD files, read with dxf-parser: closed LWPOLYLINE and 2D POLYLINE entities are rings
 * (arc segments given by bulges are densified); open polylines are reported, other entities passed over.
 * Rings are grouped into blocks by our XDATA when present, else by nesting (a ring inside another is its
 * hole). A TEXT/MTEXT inside a block with no name names it. DXF carries no coordinate system.
 */
interface Ring {
  handle: string;
  layer: string;
  positions: Position[];
  xdata: Record<string, unknown>;
}

const MAX_ARC_STEP_RAD = (5 * Math.PI) / 180;

export function readDxf(bytes: Uint8Array, label: string, encoding?: string): SourceDataset {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 22));
  if (head.startsWith("AutoCAD Binary DXF")) {
    throw badRequest("bad-file", `${label} is a binary DXF: save it as ASCII DXF and import again.`);
  }
  const { text } = decodeText(bytes, encoding);
  let parsed: ReturnType<DxfParser["parseSync"]>;
  try {
    parsed = new DxfParser().parseSync(text);
  } catch (error) {
    throw badRequest("bad-file", `${label} is not a readable DXF: ${(error as Error).message}`);
  }
  if (!parsed || !Array.isArray(parsed.entities))
    throw badRequest("bad-file", `${label} has no ENTITIES section.`);
  const rings: Ring[] = [];
  const texts: ITextEntity[] = [];
  const open: SourceFeature[] = [];
  const passedOver = new Map<string, number>();
  for (const entity of parsed.entities) {
    if (
      entity.type === "LWPOLYLINE" ||
      (entity.type === "POLYLINE" && !(entity as IPolylineEntity).is3dPolygonMesh)
    ) {
      const polyline = entity as ILwpolylineEntity | IPolylineEntity;
      const positions = densified(polyline);
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
        layer: unescapeDxf(entity.layer ?? ""),
        positions: closeRing(positions),
        xdata: xdataOf(entity),
      });
    } else if (entity.type === "TEXT" || entity.type === "MTEXT") {
      texts.push(entity as ITextEntity);
    } else {
      passedOver.set(entity.type, (passedOver.get(entity.type) ?? 0) + 1);
    }
  }
  const features = [...groupRings(rings, label), ...open];
  nameFromTexts(features, texts);
  const warnings = [...passedOver].map(
    ([type, count]) => `${count} ${type} entities are not boundaries and were passed over.`,
  );
  return { format: "dxf", features, warnings };
}

function densified(polyline: ILwpolylineEntity | IPolylineEntity): Position[] {
  const vertices = polyline.vertices ?? [];
  const positions: Position[] = [];
  for (let i = 0; i < vertices.length; i++) {
    const from = vertices[i];
    positions.push([from.x, from.y]);
    const bulge = (from as { bulge?: number }).bulge ?? 0;
    const next = vertices[i + 1] ?? (polyline.shape ? vertices[0] : undefined);
    if (bulge !== 0 && next) positions.push(...arcPoints([from.x, from.y], [next.x, next.y], bulge));
  }
  return positions;
}

/** Intermediate points of the arc from `a` to `b` whose bulge is tan(θ/4) (θ signed, anticlockwise > 0). */
function arcPoints(a: Position, b: Position, bulge: number): Position[] {
  const theta = 4 * Math.atan(bulge);
  const chord = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (chord === 0) return [];
  const radius = chord / (2 * Math.sin(Math.abs(theta) / 2));
  const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const toCentre = radius * Math.cos(Math.abs(theta) / 2) * Math.sign(bulge);
  const normal = [-(b[1] - a[1]) / chord, (b[0] - a[0]) / chord];
  const centre = [mid[0] + normal[0] * toCentre, mid[1] + normal[1] * toCentre];
  const start = Math.atan2(a[1] - centre[1], a[0] - centre[0]);
  const steps = Math.max(1, Math.ceil(Math.abs(theta) / MAX_ARC_STEP_RAD));
  const points: Position[] = [];
  for (let step = 1; step < steps; step++) {
    const angle = start + (theta * step) / steps;
    points.push([centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)]);
  }
  return points;
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

function groupRings(rings: Ring[], label: string): SourceFeature[] {
  const tagged = new Map<string, Ring[]>();
  const untagged: Ring[] = [];
  for (const ring of rings) {
    const feature = ring.xdata.feature;
    if (feature === undefined) untagged.push(ring);
    else tagged.set(String(feature), [...(tagged.get(String(feature)) ?? []), ring]);
  }
  const features: SourceFeature[] = [];
  for (const group of tagged.values()) {
    const polygons: Position[][][] = [];
    for (const ring of group) {
      if (ring.xdata.ring === "hole" && polygons.length > 0)
        polygons[polygons.length - 1].push(ring.positions);
      else polygons.push([ring.positions]);
    }
    const properties: Record<string, unknown> = { layer: group[0].layer };
    for (const ring of group) {
      for (const [key, value] of Object.entries(ring.xdata))
        if (key !== "feature" && key !== "ring") properties[key] = value;
    }
    features.push({
      source: `${label} LWPOLYLINE ${group.map((ring) => ring.handle).join("+")}`,
      geometry: { type: "MultiPolygon", coordinates: polygons },
      properties,
    });
  }
  features.push(...nestRings(untagged, label));
  return features;
}

/** Untagged rings: an even nesting depth starts a block, an odd depth is a hole of its closest container. */
function nestRings(rings: Ring[], label: string): SourceFeature[] {
  const byArea = rings
    .map((ring) => ({ ring, area: Math.abs(planarArea(ring.positions)) }))
    .sort((a, b) => b.area - a.area);
  const outers: { ring: Ring; holes: Ring[] }[] = [];
  byArea.forEach(({ ring }, index) => {
    const containers = byArea
      .slice(0, index)
      .filter((other) => ringContains(other.ring.positions, ring.positions[0]));
    if (containers.length % 2 === 0) {
      outers.push({ ring, holes: [] });
      return;
    }
    const closest = containers[containers.length - 1].ring;
    outers.find((outer) => outer.ring === closest)?.holes.push(ring);
  });
  return outers.map(({ ring, holes }) => ({
    source: `${label} polyline ${[ring, ...holes].map((r) => r.handle).join("+")}`,
    geometry: { type: "Polygon", coordinates: [ring.positions, ...holes.map((hole) => hole.positions)] },
    properties: { layer: ring.layer },
  }));
}

function planarArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

function ringContains(ring: Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
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
