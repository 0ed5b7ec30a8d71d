import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon, Position } from "geojson";

/**
 * 四至范围 — the four boundaries of a block for the catalogue (DOMAIN.md §6): for east, south, west and
 * north, what lies just beyond the block's extreme point on that side (another block, a zone, a
 * neighbouring district) and the extreme coordinate itself. Without road data the coordinate is always
 * given, so every side is described even when nothing named lies beyond it.
 */

export type Direction = "east" | "south" | "west" | "north";
export const DIRECTIONS: readonly Direction[] = ["east", "south", "west", "north"];

const LABELS: Record<Direction, string> = { east: "东至", south: "南至", west: "西至", north: "北至" };

export interface Neighbour {
  name: string;
  kind: "block" | "zone" | "district";
  geometry: Polygon | MultiPolygon;
}

export interface SideDescription {
  direction: Direction;
  /** The block's extreme vertex on this side, lon/lat. */
  extremeLngLat: Position;
  /** The name of what lies beyond, when something does. */
  beyond?: string;
  /** e.g. "东至雍和区块（东经116.422031°）". */
  text: string;
}

export interface FourBoundaries {
  sides: Record<Direction, SideDescription>;
  /** The four sides joined: "东至…；南至…；西至…；北至…". */
  text: string;
}

export interface FourBoundariesOptions {
  /** Named areas around the block (the block itself excluded). */
  neighbours: Neighbour[];
  /** The block's own district: a district beyond a side only counts when it is another one. */
  ownDistrict?: string;
  /** How far beyond the extreme point to look, in metres. */
  probeDistanceM?: number;
}

const METRES_PER_DEGREE_LAT = 111_320; // enough for a probe point 100 m out
const KIND_PRIORITY: Neighbour["kind"][] = ["block", "zone", "district"];

export function fourBoundaries(
  geometry: Polygon | MultiPolygon,
  options: FourBoundariesOptions,
): FourBoundaries {
  const outerPositions = (
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
  ).flatMap((polygon) => polygon[0]);
  const probeDistanceM = options.probeDistanceM ?? 100;
  const sides = {} as Record<Direction, SideDescription>;
  for (const direction of DIRECTIONS) {
    const extreme = extremeOf(outerPositions, direction);
    const probe = probePoint(extreme, direction, probeDistanceM);
    const beyond = nameBeyond(probe, options);
    const coordinate = coordinateText(extreme, direction);
    sides[direction] = {
      direction,
      extremeLngLat: [extreme[0], extreme[1]],
      ...(beyond ? { beyond } : {}),
      text: beyond ? `${LABELS[direction]}${beyond}（${coordinate}）` : `${LABELS[direction]}${coordinate}`,
    };
  }
  return { sides, text: DIRECTIONS.map((direction) => sides[direction].text).join("；") };
}

function extremeOf(positions: Position[], direction: Direction): Position {
  const score = ([lng, lat]: Position) =>
    direction === "east" ? lng : direction === "west" ? -lng : direction === "north" ? lat : -lat;
  return positions.reduce((best, position) => (score(position) > score(best) ? position : best));
}

function probePoint([lng, lat]: Position, direction: Direction, distanceM: number): Position {
  const dLat = distanceM / METRES_PER_DEGREE_LAT;
  const dLng = distanceM / (METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  switch (direction) {
    case "east":
      return [lng + dLng, lat];
    case "west":
      return [lng - dLng, lat];
    case "north":
      return [lng, lat + dLat];
    case "south":
      return [lng, lat - dLat];
  }
}

function nameBeyond(probe: Position, options: FourBoundariesOptions): string | undefined {
  for (const kind of KIND_PRIORITY) {
    const hit = options.neighbours.find(
      (neighbour) =>
        neighbour.kind === kind &&
        !(kind === "district" && neighbour.name === options.ownDistrict) &&
        // Planar point-in-polygon on lon/lat: exact enough for a probe 100 m out.
        booleanPointInPolygon(probe, neighbour.geometry),
    );
    if (hit) return hit.name;
  }
  return undefined;
}

function coordinateText([lng, lat]: Position, direction: Direction): string {
  return direction === "east" || direction === "west" ? `东经${lng.toFixed(6)}°` : `北纬${lat.toFixed(6)}°`;
}
