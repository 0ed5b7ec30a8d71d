import { gaussKrugerCrs } from "../domain/crs.js";
import type { BoundaryParcel } from "./boundary-points.js";
import type { BoundaryFileReading } from "./boundary-points-read.js";
import type { DeclaredCrs } from "./crs-resolve.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { ImportFormat, SourceDataset, SourceFeature } from "./source-dataset.js";

/**
 * A read 界址点 file as import features: each parcel one feature, positions [easting, northing] (the file's
 * Y, X). The system comes from the header (坐标系, 带号) and the zone prefix in the eastings; a header zone the
 * prefix contradicts is `crs-mismatch`.
 */
export function boundaryDataset(
  reading: BoundaryFileReading,
  label: string,
  format: ImportFormat,
  encoding: string,
): ReadResult<SourceDataset> {
  if (!reading.ok) return readFailure("bad-file", `${label}: ${reading.message}`);
  const { header, parcels } = reading.file;
  const features: SourceFeature[] = parcels.map((parcel, index) => ({
    source: `${label} parcel ${index + 1}${parcel.name ? ` ${parcel.name}` : ""}`,
    geometry: parcelGeometry(parcel),
    ...(parcel.areaHectares !== undefined ? { statedAreaHectares: parcel.areaHectares } : {}),
    properties: {
      ...(parcel.name ? { name: parcel.name } : {}),
      ...(parcel.code ? { code: parcel.code } : {}),
      ...(parcel.areaHectares !== undefined ? { area_ha: parcel.areaHectares } : {}),
      ...(parcel.use ? { use: parcel.use } : {}),
    },
  }));
  const eastings = parcels.flatMap((parcel) =>
    parcel.rings.flatMap((ring) => ring.points.map((point) => point.easting)),
  );
  const declared = declaredFromHeader(header.coordinateSystem, header.zone, header.zoneWidthDeg, eastings);
  if (!declared.ok) return declared;
  const declaredCrs = declared.value;
  return readOk({
    format,
    features,
    ...(declaredCrs ? { declaredCrs } : {}),
    encoding: { used: encoding, source: encoding === "utf-8" ? "utf-8-valid" : "gb18030-fallback" },
    warnings: [],
  });
}

function parcelGeometry(parcel: BoundaryParcel) {
  const polygons: number[][][][] = [];
  for (const ring of parcel.rings) {
    const positions = ring.points.map((point) => [point.easting, point.northing]);
    if (ring.role === "hole" && polygons.length > 0) polygons[polygons.length - 1].push(positions);
    else polygons.push([positions]);
  }
  return { type: "MultiPolygon" as const, coordinates: polygons };
}

function declaredFromHeader(
  coordinateSystem: string | undefined,
  headerZone: number | undefined,
  zoneWidthDeg: number | undefined,
  eastings: number[],
): ReadResult<DeclaredCrs | undefined> {
  const system = coordinateSystem ?? "";
  const name = [system, headerZone ? `带号=${headerZone}` : ""].filter(Boolean).join("，");
  if (/1954|北京54|beijing/i.test(system))
    return readOk({ source: "file-header", reading: { kind: "legacy", datum: "beijing-1954", name } });
  if (/1980|西安|80国家|xian/i.test(system))
    return readOk({ source: "file-header", reading: { kind: "legacy", datum: "xian-1980", name } });
  if (system && !/2000|cgcs/i.test(system))
    return readOk({ source: "file-header", reading: { kind: "unsupported", name } });
  const prefixed = eastings.length > 0 && eastings.every((easting) => easting >= 10_000_000);
  const prefixZone = prefixed ? Math.floor(eastings[0] / 1_000_000) : undefined;
  const zone = prefixZone ?? headerZone;
  if (zone === undefined) return readOk(undefined);
  if (zoneWidthDeg === 6 || (zone !== 38 && zone !== 39)) {
    return readOk({ source: "file-header", reading: { kind: "unsupported", name: name || `zone ${zone}` } });
  }
  if (headerZone !== undefined && prefixZone !== undefined && headerZone !== prefixZone) {
    return readFailure(
      "crs-mismatch",
      `The header says 带号=${headerZone} but the Y coordinates carry the zone prefix ${prefixZone}.`,
    );
  }
  return readOk({
    source: "file-header",
    reading: { kind: "known", code: gaussKrugerCrs(zone, prefixed), name: name || `zone prefix ${zone}` },
  });
}
