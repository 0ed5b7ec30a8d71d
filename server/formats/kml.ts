import { kml } from "@tmcw/togeojson";
import { DOMParser } from "@xmldom/xmldom";
import type { FeatureCollection, Geometry } from "geojson";
import { WGS84_CRS } from "../domain/crs.js";
import { KML_SCHEMA_ID } from "./kml-write.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";
import type { ZipEntry } from "./zip-read.js";

/**
 * KML and KMZ: read with @tmcw/togeojson over @xmldom/xmldom (written by kml-write.ts). KML is
 * WGS84 lon/lat by definition. togeojson returns multi-part shapes as GeometryCollections (normalised
 * later) and adds style properties, which are not attributes and are dropped.
 */
const STYLE_PROPERTY = /^(style|stroke|fill|icon|label|marker|visibility)/;

export function readKml(text: string, label = "doc.kml"): ReadResult<SourceDataset> {
  const features = kmlFeatures(text, label);
  if (!features.ok) return features;
  return readOk({ format: "kml", features: features.value, declaredCrs: KML_CRS, warnings: [] });
}

/** A KMZ is a zip of KML files (doc.kml, sometimes layers/*.kml): every one is read. */
export function readKmz(entries: ZipEntry[]): ReadResult<SourceDataset> {
  const kmlFiles = entries.filter((entry) => /\.kml$/i.test(entry.name));
  if (kmlFiles.length === 0) return readFailure("bad-file", "The KMZ holds no .kml file.");
  const features: SourceFeature[] = [];
  for (const entry of kmlFiles) {
    const read = kmlFeatures(new TextDecoder().decode(entry.data), entry.name.replace(/^.*\//, ""));
    if (!read.ok) return read;
    features.push(...read.value);
  }
  return readOk({ format: "kmz", features, declaredCrs: KML_CRS, warnings: [] });
}

const KML_CRS = {
  source: "format" as const,
  reading: { kind: "known" as const, code: WGS84_CRS, name: "KML (WGS84 lon/lat by definition)" },
};

function kmlFeatures(text: string, label: string): ReadResult<SourceFeature[]> {
  const problems: string[] = [];
  let document: ReturnType<DOMParser["parseFromString"]>;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") problems.push(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (error) {
    return readFailure("bad-file", `${label} is not valid XML: ${(error as Error).message}`);
  }
  if (problems.length > 0 || !document.documentElement) {
    return readFailure("bad-file", `${label} is not valid XML: ${problems[0] ?? "no root element"}`);
  }
  if (document.documentElement.localName !== "kml") {
    return readFailure(
      "bad-file",
      `${label} is XML but not KML (root <${document.documentElement.localName}>).`,
    );
  }
  const collection = kml(document) as FeatureCollection<Geometry | null>;
  const renamed = ourFieldNames(document);
  const features = collection.features.map((feature, index) => ({
    source: `${label} Placemark ${index + 1}`,
    geometry: feature.geometry,
    properties: Object.fromEntries(
      Object.entries(feature.properties ?? {})
        .filter(([key]) => !STYLE_PROPERTY.test(key))
        .map(([key, value]) => [renamed.get(key) ?? key, value]),
    ),
  }));
  return readOk(features);
}

/** Our exports name non-ASCII fields attr_N with the real name as displayName: give them it back. */
function ourFieldNames(document: ReturnType<DOMParser["parseFromString"]>): Map<string, string> {
  const names = new Map<string, string>();
  for (const schema of Array.from(document.getElementsByTagName("Schema"))) {
    if (schema.getAttribute("id") !== KML_SCHEMA_ID) continue;
    for (const field of Array.from(schema.getElementsByTagName("SimpleField"))) {
      const name = field.getAttribute("name") ?? "";
      const display = field.getElementsByTagName("displayName")[0]?.textContent ?? "";
      if (/^attr_\d+$/.test(name) && display) names.set(name, display);
    }
  }
  return names;
}
