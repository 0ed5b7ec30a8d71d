import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";

/**
 * Well-Known Binary for GeoPackage: writes 2D MultiPolygons (little-endian), reads any 2D/Z/M geometry
 * in ISO or EWKB flavour and returns it as GeoJSON in 2D. A malformed blob throws RangeError/TypeError;
 * callers turn that into a per-feature rejection.
 */
const WKB_POINT = 1;
const WKB_LINESTRING = 2;
const WKB_POLYGON = 3;
const WKB_MULTIPOINT = 4;
const WKB_MULTILINESTRING = 5;
const WKB_MULTIPOLYGON = 6;
const WKB_GEOMETRYCOLLECTION = 7;

export function writeWkbMultiPolygon(geometry: Polygon | MultiPolygon): Uint8Array {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const size =
    9 +
    polygons.reduce(
      (sum, rings) => sum + 9 + rings.reduce((ringSum, ring) => ringSum + 4 + 16 * ring.length, 0),
      0,
    );
  const view = new DataView(new ArrayBuffer(size));
  let offset = 0;
  const header = (type: number, count: number) => {
    view.setUint8(offset, 1);
    view.setUint32(offset + 1, type, true);
    view.setUint32(offset + 5, count, true);
    offset += 9;
  };
  header(WKB_MULTIPOLYGON, polygons.length);
  for (const rings of polygons) {
    header(WKB_POLYGON, rings.length);
    for (const ring of rings) {
      view.setUint32(offset, ring.length, true);
      offset += 4;
      for (const [x, y] of ring) {
        view.setFloat64(offset, x, true);
        view.setFloat64(offset + 8, y, true);
        offset += 16;
      }
    }
  }
  return new Uint8Array(view.buffer);
}

export function readWkb(bytes: Uint8Array): Geometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;

  function geometry(): Geometry {
    const little = view.getUint8(offset) === 1;
    let type = view.getUint32(offset + 1, little);
    offset += 5;
    let dimensions = 2;
    if (type & 0x20000000) offset += 4; // EWKB SRID
    if (type & 0x80000000) dimensions += 1; // EWKB Z
    if (type & 0x40000000) dimensions += 1; // EWKB M
    type &= 0x0fffffff;
    if (type >= 1000) {
      const iso = Math.floor(type / 1000);
      dimensions = iso === 3 ? 4 : 3;
      type %= 1000;
    }
    const count = () => {
      const n = view.getUint32(offset, little);
      offset += 4;
      return n;
    };
    const point = (): Position => {
      const position = [view.getFloat64(offset, little), view.getFloat64(offset + 8, little)];
      offset += 8 * dimensions;
      return position;
    };
    const line = () => Array.from({ length: count() }, point);
    const rings = () => Array.from({ length: count() }, line);
    switch (type) {
      case WKB_POINT:
        return { type: "Point", coordinates: point() };
      case WKB_LINESTRING:
        return { type: "LineString", coordinates: line() };
      case WKB_POLYGON:
        return { type: "Polygon", coordinates: rings() };
      case WKB_MULTIPOINT:
        return {
          type: "MultiPoint",
          coordinates: parts().map((part) => (part as { coordinates: Position }).coordinates),
        };
      case WKB_MULTILINESTRING:
        return {
          type: "MultiLineString",
          coordinates: parts().map((part) => (part as { coordinates: Position[] }).coordinates),
        };
      case WKB_MULTIPOLYGON:
        return { type: "MultiPolygon", coordinates: parts().map((part) => (part as Polygon).coordinates) };
      case WKB_GEOMETRYCOLLECTION:
        return { type: "GeometryCollection", geometries: parts() };
      default:
        throw new TypeError(`unknown WKB geometry type ${type}`);
    }
    function parts(): Geometry[] {
      return Array.from({ length: count() }, geometry);
    }
  }

  return geometry();
}
