import type { Position } from "geojson";
import type { SourceFeature } from "./source-dataset.js";

/**
 * How a DXF's closed rings become blocks: by our XDATA (`feature=n`, `ring=outer|hole`) when present;
 * with `groupBy: "layer"` every ring of one layer is one block (GDAL and many CAD exports write one
 * feature's parts and holes as several entities on a layer named after it); else by nesting (a ring inside
 * another is its hole).
 */
export interface Ring {
  handle: string;
  entity: string;
  layer: string;
  positions: Position[];
  xdata: Record<string, unknown>;
}

export type DxfGrouping = "nesting" | "layer";

export function groupRings(rings: Ring[], label: string, grouping: DxfGrouping): SourceFeature[] {
  const tagged = new Map<string, Ring[]>();
  const untagged: Ring[] = [];
  for (const ring of rings) {
    const feature = ring.xdata.feature;
    if (feature === undefined) untagged.push(ring);
    else tagged.set(String(feature), [...(tagged.get(String(feature)) ?? []), ring]);
  }
  const features = [...tagged.values()].map((group) => taggedFeature(group, label));
  if (grouping === "nesting") return [...features, ...nestRings(untagged, label)];
  const byLayer = new Map<string, Ring[]>();
  for (const ring of untagged) byLayer.set(ring.layer, [...(byLayer.get(ring.layer) ?? []), ring]);
  for (const [layer, group] of byLayer) {
    const polygons = nestRings(group, label).map(
      (feature) => (feature.geometry as { coordinates: Position[][] }).coordinates,
    );
    features.push({
      source: `${label} layer ${layer} (${group.map((ring) => `${ring.entity} ${ring.handle}`).join(", ")})`,
      geometry: { type: "MultiPolygon", coordinates: polygons },
      properties: { layer, name: layer },
    });
  }
  return features;
}

function taggedFeature(group: Ring[], label: string): SourceFeature {
  const polygons: Position[][][] = [];
  for (const ring of group) {
    if (ring.xdata.ring === "hole" && polygons.length > 0) polygons[polygons.length - 1].push(ring.positions);
    else polygons.push([ring.positions]);
  }
  const properties: Record<string, unknown> = { layer: group[0].layer };
  for (const ring of group) {
    for (const [key, value] of Object.entries(ring.xdata))
      if (key !== "feature" && key !== "ring") properties[key] = value;
  }
  return {
    source: `${label} ${group[0].entity} ${group.map((ring) => ring.handle).join("+")}`,
    geometry: { type: "MultiPolygon", coordinates: polygons },
    properties,
  };
}
/** Untagged rings: an even nesting depth starts a block, an odd depth is a hole of its closest container. */
export function nestRings(rings: Ring[], label: string): SourceFeature[] {
  // Each ring is tested against the larger rings whose box holds its first point, before the exact test
  // (the ring count is capped before this: dxf-guard.ts MAX_DXF_RINGS).
  const byArea = rings
    .map((ring) => ({ ring, area: Math.abs(planarArea(ring.positions)), box: boxOf(ring.positions) }))
    .sort((a, b) => b.area - a.area);
  const outers: { ring: Ring; holes: Ring[] }[] = [];
  byArea.forEach(({ ring }, index) => {
    const [x, y] = ring.positions[0];
    const containers: typeof byArea = [];
    for (let i = 0; i < index; i++) {
      const { box } = byArea[i];
      if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
      if (ringContains(byArea[i].ring.positions, ring.positions[0])) containers.push(byArea[i]);
    }
    if (containers.length % 2 === 0) {
      outers.push({ ring, holes: [] });
      return;
    }
    const closest = containers[containers.length - 1].ring;
    outers.find((outer) => outer.ring === closest)?.holes.push(ring);
  });
  return outers.map(({ ring, holes }) => ({
    source: `${label} ${ring.entity} ${[ring, ...holes].map((r) => r.handle).join("+")}`,
    geometry: { type: "Polygon", coordinates: [ring.positions, ...holes.map((hole) => hole.positions)] },
    properties: { layer: ring.layer },
  }));
}

function boxOf(ring: Position[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
  return box;
}

function planarArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

export function ringContains(ring: Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
