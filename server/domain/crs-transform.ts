import gcoord from "gcoord";
import type { Geometry, Position } from "geojson";
import proj4 from "proj4";
import { CRS_DEFINITIONS, type CrsCode } from "./crs.js";

/**
 * The one place coordinates change system (imports, 界址点 tables, DXF, printed maps): proj4 with the
 * CGCS2000 table of crs.ts (proj4 matched PostGIS ST_Transform and cs2cs to < 0.001 mm,
 * STACK-NOTES.md). Every function returns new coordinates and leaves its input alone.
 */
type Converter = (position: Position) => Position;
const converters = new Map<string, Converter>();

function converter(from: CrsCode, to: CrsCode): Converter {
  const key = `${from}>${to}`;
  let found = converters.get(key);
  if (!found) {
    if (CRS_DEFINITIONS[from].proj4 === CRS_DEFINITIONS[to].proj4) {
      found = ([x, y]) => [x, y];
    } else {
      const projection = proj4(CRS_DEFINITIONS[from].proj4, CRS_DEFINITIONS[to].proj4);
      found = ([x, y]) => projection.forward([x, y]);
    }
    converters.set(key, found);
  }
  return found;
}

/** One position from `from` to `to` (x = easting or longitude first, 2D). */
export function transformPosition(from: CrsCode, to: CrsCode, position: Position): Position {
  return converter(from, to)(position);
}

/** A copy of the geometry with every position passed through `map` (Z and M are dropped). */
export function mapPositions<G extends Geometry>(geometry: G, map: (position: Position) => Position): G {
  const walk = (value: unknown[]): unknown =>
    typeof value[0] === "number"
      ? map([value[0], value[1] as number])
      : value.map((inner) => walk(inner as unknown[]));
  if (geometry.type === "GeometryCollection") {
    return { ...geometry, geometries: geometry.geometries.map((part) => mapPositions(part, map)) };
  }
  return { ...geometry, coordinates: walk(geometry.coordinates) } as G;
}

export function transformGeometry<G extends Geometry>(geometry: G, from: CrsCode, to: CrsCode): G {
  return mapPositions(geometry, converter(from, to));
}

/** Swaps x and y (files that put the northing or the latitude first). */
export function swapAxes<G extends Geometry>(geometry: G): G {
  return mapPositions(geometry, ([x, y]) => [y, x]);
}

/**
 * GCJ-02 (the offset lon/lat of AMap, Tencent and DataV maps) → WGS84, which is stored as CGCS2000.
 * gcoord iterates (≤ 0.12 m over Beijing, STACK-NOTES.md) and mutates its input: it gets a deep copy.
 */
export function gcj02ToWgs84<G extends Geometry>(geometry: G): G {
  const copy = structuredClone(geometry);
  return gcoord.transform(copy as never, gcoord.GCJ02, gcoord.WGS84) as unknown as G;
}

/** WGS84 → GCJ-02: only to construct test cases and to compare with web-map traces. */
export function wgs84ToGcj02<G extends Geometry>(geometry: G): G {
  const copy = structuredClone(geometry);
  return gcoord.transform(copy as never, gcoord.WGS84, gcoord.GCJ02) as unknown as G;
}

/** Rounds every coordinate to `decimals` places (0.01 m in GK tables, 1e-9° in lon/lat files). */
export function roundPositions<G extends Geometry>(geometry: G, decimals: number): G {
  const factor = 10 ** decimals;
  return mapPositions(geometry, ([x, y]) => [
    Math.round(x * factor) / factor,
    Math.round(y * factor) / factor,
  ]);
}
