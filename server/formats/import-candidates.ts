import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";
import { STORAGE_CRS } from "../domain/crs.js";
import { gcj02ToWgs84, swapAxes, transformGeometry } from "../domain/crs-transform.js";
import { boxOfPositions } from "../domain/extent.js";
import { checkPolygonGeometry, GEOMETRY_REASONS, type GeometryReason } from "../domain/geometry-check.js";
import { type Bbox, BEIJING_REGION } from "./crs-detect.js";
import type { CrsResolution } from "./crs-resolve.js";
import { type ImportNote, importNote } from "./import-notes.js";
import type { SourceDataset } from "./source-dataset.js";

/**
 * From read features to polygons in the storage system, each checked like a drawn block before any
 * database work: converted (axes, projection, GCJ-02), tidied (repeated points dropped, open rings closed
 * — reported as repairs), then `checkPolygonGeometry`. The PostGIS topology check follows (import-store).
 */
export const IMPORT_REASONS = {
  noGeometry: "no-geometry",
  notPolygon: "not-polygon",
  outsideBeijing: "outside-beijing",
} as const;

export interface Candidate {
  index: number;
  source: string;
  properties: Record<string, unknown>;
  /** Lon/lat in EPSG:4490, structurally valid; absent when rejected. */
  geometry?: Polygon | MultiPolygon;
  /** Tidying done on the way: codes with params and the English words. */
  changes: ImportNote[];
  /** The area the file states for the shape (界址点 地块面积), in 公顷. */
  statedAreaHectares?: number;
  rejection?: {
    reason: GeometryReason | (typeof IMPORT_REASONS)[keyof typeof IMPORT_REASONS];
    message: string;
  };
}

/** The bbox of every finite coordinate as written, or undefined when there is none. */
export function datasetBbox(dataset: SourceDataset): Bbox | undefined {
  const box: Bbox = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (const feature of dataset.features) {
    if (!feature.geometry) continue;
    forEachPosition(feature.geometry, ([x, y]) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    });
  }
  return box.every(Number.isFinite) ? box : undefined;
}

function forEachPosition(geometry: Geometry, visit: (position: Position) => void): void {
  if (geometry.type === "GeometryCollection") {
    for (const part of geometry.geometries ?? []) forEachPosition(part, visit);
    return;
  }
  const walk = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === "number") visit(value as Position);
    else for (const inner of value) walk(inner);
  };
  walk((geometry as { coordinates?: unknown }).coordinates);
}

export function prepareCandidates(dataset: SourceDataset, crs: CrsResolution): Candidate[] {
  return dataset.features.map((feature, index) => {
    const base = {
      index,
      source: feature.source,
      properties: feature.properties,
      changes: [] as ImportNote[],
      ...(feature.statedAreaHectares !== undefined ? { statedAreaHectares: feature.statedAreaHectares } : {}),
    };
    const polygonal = asPolygonal(feature.geometry);
    if (!polygonal.ok) return { ...base, rejection: polygonal.rejection };
    let geometry = polygonal.geometry;
    if (crs.axesSwapped) geometry = swapAxes(geometry);
    geometry = transformGeometry(geometry, crs.code, STORAGE_CRS);
    if (crs.gcj02Converted) geometry = gcj02ToWgs84(geometry);
    const tidied = tidy(geometry);
    const check = checkPolygonGeometry(tidied.geometry);
    if (!check.valid)
      return {
        ...base,
        changes: tidied.changes,
        rejection: { reason: check.reason, message: check.message },
      };
    if (!touchesBeijing(check.geometry)) {
      return {
        ...base,
        changes: tidied.changes,
        rejection: {
          reason: IMPORT_REASONS.outsideBeijing,
          message: "The shape lies outside Beijing once converted: is the coordinate system right?",
        },
      };
    }
    return { ...base, geometry: check.geometry, changes: tidied.changes };
  });
}

type Polygonal =
  | { ok: true; geometry: Polygon | MultiPolygon }
  | { ok: false; rejection: NonNullable<Candidate["rejection"]> };

/** Polygon and MultiPolygon as they are; a GeometryCollection of polygons (KML MultiGeometry) merged. */
function asPolygonal(geometry: Geometry | null): Polygonal {
  if (!geometry)
    return {
      ok: false,
      rejection: { reason: IMPORT_REASONS.noGeometry, message: "The feature has no geometry." },
    };
  if (geometry.type === "Polygon" || geometry.type === "MultiPolygon") {
    if (wellFormed(geometry)) return { ok: true, geometry };
    return {
      ok: false,
      rejection: {
        reason: GEOMETRY_REASONS.badPosition,
        message: "The coordinates are not rings of [x, y] numbers.",
      },
    };
  }
  if (
    geometry.type === "GeometryCollection" &&
    Array.isArray(geometry.geometries) &&
    geometry.geometries.length > 0
  ) {
    const parts = geometry.geometries.map(asPolygonal);
    if (parts.every((part) => part.ok)) {
      const coordinates = parts.flatMap((part) =>
        part.ok
          ? part.geometry.type === "Polygon"
            ? [part.geometry.coordinates]
            : part.geometry.coordinates
          : [],
      );
      return { ok: true, geometry: { type: "MultiPolygon", coordinates } };
    }
  }
  const hint = geometry.type === "LineString" ? " (an open polyline: close it in CAD)" : "";
  return {
    ok: false,
    rejection: {
      reason: IMPORT_REASONS.notPolygon,
      message: `A block must be a polygon, not a ${geometry.type}${hint}.`,
    },
  };
}

/** Nested arrays down to positions of at least two numbers (before any coordinate is touched). */
function wellFormed(geometry: Polygon | MultiPolygon): boolean {
  const isRing = (ring: unknown) =>
    Array.isArray(ring) &&
    ring.every(
      (position) =>
        Array.isArray(position) &&
        position.length >= 2 &&
        typeof position[0] === "number" &&
        typeof position[1] === "number",
    );
  const isPolygon = (rings: unknown) => Array.isArray(rings) && rings.length > 0 && rings.every(isRing);
  const coordinates: unknown = geometry.coordinates;
  if (!Array.isArray(coordinates)) return false;
  return geometry.type === "Polygon"
    ? isPolygon(coordinates)
    : coordinates.length > 0 && coordinates.every(isPolygon);
}

/** Drops repeated consecutive points and closes open rings, saying so. */
function tidy(geometry: Polygon | MultiPolygon): {
  geometry: Polygon | MultiPolygon;
  changes: ImportNote[];
} {
  const changes: ImportNote[] = [];
  let repeated = 0;
  let closed = 0;
  const fixRing = (ring: Position[]): Position[] => {
    const kept = ring.filter((position, i) => {
      const duplicate = i > 0 && position[0] === ring[i - 1][0] && position[1] === ring[i - 1][1];
      if (duplicate) repeated++;
      return !duplicate;
    });
    const first = kept[0];
    const last = kept[kept.length - 1];
    if (kept.length >= 3 && (first[0] !== last[0] || first[1] !== last[1])) {
      closed++;
      return [...kept, first];
    }
    return kept;
  };
  const fixed: Polygon | MultiPolygon =
    geometry.type === "Polygon"
      ? { type: "Polygon", coordinates: geometry.coordinates.map(fixRing) }
      : { type: "MultiPolygon", coordinates: geometry.coordinates.map((rings) => rings.map(fixRing)) };
  if (repeated > 0) {
    const text = `removed ${repeated} repeated point${repeated > 1 ? "s" : ""}`;
    changes.push(importNote("repair-repeated-points", { count: repeated }, text));
  }
  if (closed > 0) {
    changes.push(
      importNote(
        "repair-closed-rings",
        { count: closed },
        `closed ${closed} open ring${closed > 1 ? "s" : ""}`,
      ),
    );
  }
  return { geometry: fixed, changes };
}

function touchesBeijing(geometry: Polygon | MultiPolygon): boolean {
  const positions = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates).flat(2);
  const [west, south, east, north] = boxOfPositions(positions);
  return (
    east >= BEIJING_REGION.west &&
    west <= BEIJING_REGION.east &&
    north >= BEIJING_REGION.south &&
    south <= BEIJING_REGION.north
  );
}
