import type { MultiPolygon, Polygon } from "geojson";
import { MAX_ATTRIBUTE_KEYS } from "./block-input.js";
import { DEFAULT_GEOMETRY_LIMITS, type GeometryLimits } from "./geometry-limits.js";

/**
 * Why one block cannot go into the catalogue package (issue #15 item 5): writes refuse more than
 * MAX_ATTRIBUTE_KEYS attribute keys and more parts or vertices than the geometry limits, but a block stored
 * before those limits (or under higher settings) may still have them, and one such block made every package
 * fail ("too many columns", a stack overflow). Decision: such a block is left out of the package (a catalogue
 * submission, not a rule of the Measures), 说明.txt says which and why, and the others are still submitted.
 * Counted in loops, never by spreading the arrays.
 */
export interface ExportRefusal {
  reason: "too-many-attribute-keys" | "too-many-parts" | "too-many-vertices";
  /** In Chinese, for 说明.txt. */
  message: string;
}

export function exportRefusal(
  attributes: Record<string, unknown> | null | undefined,
  geometry: Polygon | MultiPolygon,
  limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
): ExportRefusal | undefined {
  let keys = 0;
  for (const key in attributes ?? {}) if (Object.hasOwn(attributes ?? {}, key)) keys += 1;
  if (keys > MAX_ATTRIBUTE_KEYS) {
    return {
      reason: "too-many-attribute-keys",
      message: `属性键 ${keys} 个，超过每个区块 ${MAX_ATTRIBUTE_KEYS} 个的上限（too many attribute keys）`,
    };
  }
  return geometryRefusal(geometry, limits);
}

/** The geometry part of exportRefusal: also what keeps a block out of the neighbours drawn and named. */
export function geometryRefusal(
  geometry: Polygon | MultiPolygon,
  limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
): ExportRefusal | undefined {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  if (polygons.length > limits.maxParts) {
    return {
      reason: "too-many-parts",
      message: `图形有 ${polygons.length} 个部分，超过上限 ${limits.maxParts}（设置 GEOMETRY_MAX_PARTS；too many parts）`,
    };
  }
  let vertices = 0;
  for (const polygon of polygons) for (const ring of polygon) vertices += ring.length;
  if (vertices > limits.maxVertices) {
    return {
      reason: "too-many-vertices",
      message: `图形有 ${vertices} 个顶点，超过上限 ${limits.maxVertices}（设置 GEOMETRY_MAX_VERTICES；too many vertices）`,
    };
  }
  return undefined;
}
