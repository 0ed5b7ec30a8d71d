import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";
import wkx from "wkx";

/**
 * Well-Known Text and Binary through `wkx` (issue 10: a library instead of our regex reader and hand
 * codec): WKT for the CSV export's geometry column (GDAL's CSV driver reads a `WKT` column), WKB inside
 * GeoPackage blobs. Readers accept ISO and EWKT/EWKB (an `SRID=…;` prefix is returned), 2D, Z or M, and
 * return GeoJSON in 2D.
 */
export type WktReading = { ok: true; geometry: Geometry; srid?: number } | { ok: false; message: string };

export function writeWktMultiPolygon(geometry: Polygon | MultiPolygon, decimals: number): string {
  return wkx.Geometry.parseGeoJSON(rounded(asMulti(geometry), decimals)).toWkt();
}

/** POLYGON or MULTIPOLYGON WKT (EWKT too); anything else is a reason, never an exception. */
export function readWkt(text: string): WktReading {
  let parsed: wkx.Geometry;
  try {
    parsed = wkx.Geometry.parse(text.trim());
  } catch {
    return { ok: false, message: "the WKT is malformed" };
  }
  if (!(parsed instanceof wkx.Polygon || parsed instanceof wkx.MultiPolygon)) {
    return { ok: false, message: "not a POLYGON or MULTIPOLYGON in WKT" };
  }
  const srid = parsed.srid;
  return { ok: true, geometry: flat(parsed.toGeoJSON() as Geometry), ...(srid ? { srid } : {}) };
}

/** Little-endian WKB of a MultiPolygon (a Polygon becomes a one-part MultiPolygon). */
export function writeWkbMultiPolygon(geometry: Polygon | MultiPolygon): Uint8Array {
  return new Uint8Array(wkx.Geometry.parseGeoJSON(asMulti(geometry)).toWkb());
}

/** Any WKB/EWKB geometry as 2D GeoJSON; a malformed blob throws (callers reject that feature). */
export function readWkb(bytes: Uint8Array): Geometry {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return flat(wkx.Geometry.parse(buffer).toGeoJSON() as Geometry);
}

function asMulti(geometry: Polygon | MultiPolygon): MultiPolygon {
  return geometry.type === "Polygon"
    ? { type: "MultiPolygon", coordinates: [geometry.coordinates] }
    : geometry;
}

function rounded(geometry: MultiPolygon, decimals: number): MultiPolygon {
  const round = (value: number) => Number(value.toFixed(decimals));
  return {
    type: "MultiPolygon",
    coordinates: geometry.coordinates.map((rings) =>
      rings.map((ring) => ring.map(([x, y]) => [round(x), round(y)])),
    ),
  };
}

/** Drops Z and M: the platform's geometry is 2D. */
function flat(geometry: Geometry): Geometry {
  if (geometry.type === "GeometryCollection")
    return { ...geometry, geometries: geometry.geometries.map(flat) };
  const walk = (value: unknown): unknown =>
    typeof (value as unknown[])[0] === "number"
      ? (value as Position).slice(0, 2)
      : (value as unknown[]).map(walk);
  return { ...geometry, coordinates: walk(geometry.coordinates) } as Geometry;
}
