import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";

/**
 * Well-Known Text for the CSV export's geometry column (GDAL's CSV driver reads a `WKT` column):
 * writes MultiPolygons, reads POLYGON / MULTIPOLYGON (2D, Z or M; an EWKT `SRID=…;` prefix is returned).
 */
export function writeWktMultiPolygon(geometry: Polygon | MultiPolygon, decimals: number): string {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const number = (value: number) => String(Number(value.toFixed(decimals)));
  const ring = (positions: Position[]) =>
    `(${positions.map(([x, y]) => `${number(x)} ${number(y)}`).join(",")})`;
  return `MULTIPOLYGON(${polygons.map((rings) => `(${rings.map(ring).join(",")})`).join(",")})`;
}

export type WktReading = { ok: true; geometry: Geometry; srid?: number } | { ok: false; message: string };

export function readWkt(text: string): WktReading {
  const match = /^\s*(?:SRID=(\d+);)?\s*(MULTIPOLYGON|POLYGON)\s*(Z|M|ZM)?\s*(\(.*\))\s*$/is.exec(text);
  if (!match) return { ok: false, message: "not a POLYGON or MULTIPOLYGON in WKT" };
  let nested: unknown;
  try {
    nested = JSON.parse(
      match[4]
        .replace(/\(/g, "[")
        .replace(/\)/g, "]")
        .replace(
          /([-+\d.eE]+(?:\s+[-+\d.eE]+)+)/g,
          (coordinates) => `[${coordinates.trim().split(/\s+/).join(",")}]`,
        ),
    );
  } catch {
    return { ok: false, message: "the WKT coordinates are malformed" };
  }
  const srid = match[1] ? Number(match[1]) : undefined;
  const flat = (rings: number[][][]) => rings.map((ring) => ring.map(([x, y]) => [x, y]));
  const geometry: Geometry =
    match[2].toUpperCase() === "POLYGON"
      ? { type: "Polygon", coordinates: flat(nested as number[][][]) }
      : { type: "MultiPolygon", coordinates: (nested as number[][][][]).map(flat) };
  return { ok: true, geometry, ...(srid !== undefined ? { srid } : {}) };
}
