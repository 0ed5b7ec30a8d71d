import type { Feature, FeatureCollection, Geometry } from "geojson";
import { parseCrsCode, WGS84_CRS } from "../domain/crs.js";
import type { DeclaredCrs } from "./crs-resolve.js";
import { crsFromWkt } from "./crs-wkt.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";

/** GeoJSON: a FeatureCollection, a Feature or a bare geometry; the legacy `crs` member is honoured. */
export function readGeoJson(text: string): ReadResult<SourceDataset> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return readFailure("bad-file", `The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value) || typeof value.type !== "string") {
    return readFailure("bad-file", "The JSON is not GeoJSON (no type).");
  }
  let features: SourceFeature[];
  if (value.type === "FeatureCollection" && Array.isArray(value.features)) {
    features = value.features.map((feature, index) => sourceFeature(feature, `feature ${index + 1}`));
  } else if (value.type === "Feature") {
    features = [sourceFeature(value, "feature 1")];
  } else if ("coordinates" in value || value.type === "GeometryCollection") {
    features = [{ source: "geometry", geometry: value as unknown as Geometry, properties: {} }];
  } else {
    return readFailure("bad-file", `The JSON is GeoJSON of type ${value.type}, not features.`);
  }
  const declaredCrs = legacyCrsMember(value.crs);
  return readOk({ format: "geojson", features, ...(declaredCrs ? { declaredCrs } : {}), warnings: [] });
}

function sourceFeature(value: unknown, source: string): SourceFeature {
  if (!isObject(value)) return { source, geometry: null, properties: {} };
  return {
    source,
    geometry: isObject(value.geometry) ? (value.geometry as unknown as Geometry) : null,
    properties: isObject(value.properties) ? value.properties : {},
  };
}

/** The pre-RFC 7946 `crs` member: `{type: "name", properties: {name: "urn:ogc:def:crs:EPSG::4548"}}`. */
function legacyCrsMember(crs: unknown): DeclaredCrs | undefined {
  if (!isObject(crs) || !isObject(crs.properties) || typeof crs.properties.name !== "string")
    return undefined;
  const name = crs.properties.name;
  if (/CRS84$/i.test(name)) return { source: "metadata", reading: { kind: "known", code: WGS84_CRS, name } };
  const code = parseCrsCode(/(\d{4,5})\s*$/.exec(name)?.[1] ?? "");
  if (code) return { source: "metadata", reading: { kind: "known", code, name } };
  const reading = crsFromWkt(name);
  return {
    source: "metadata",
    reading: reading.kind === "unreadable" ? { kind: "unsupported", name } : reading,
  };
}

/** RFC 7946 FeatureCollection text, lon/lat as stored (1e-9°). */
export function writeGeoJson(features: Feature[]): string {
  const collection: FeatureCollection = { type: "FeatureCollection", features };
  return JSON.stringify(collection);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
