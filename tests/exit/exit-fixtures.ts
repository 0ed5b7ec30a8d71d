import type { Polygon } from "geojson";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";

/**
 * Blocks with areas we know independently: lon/lat rectangles sized with GeographicLib (the reference, never
 * the code under test), and a park row inserted directly (parks have no API).
 */
export const KM2 = 1_000_000;

/** A rectangle `heightDeg` tall from (west, south) whose GeographicLib area is `areaKm2` (to ~1e-12). */
export function rectangleOfArea(areaKm2: number, west: number, south: number, heightDeg = 0.01): Polygon {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (geodesicAreaM2(rectangle(west, south, west + mid, south + heightDeg)) < areaKm2 * KM2) lo = mid;
    else hi = mid;
  }
  return rectangle(west, south, west + (lo + hi) / 2, south + heightDeg);
}

let parkCounter = 0;

export async function createPark(t: TestApp, label: string): Promise<number> {
  parkCounter++;
  const [{ id }] = await t.db
    .knex("parks")
    .insert({
      code: `test-exit-${label}-${process.pid}-${parkCounter}`,
      name: `测试分园 ${label}`,
      name_en: `Test park ${label}`,
      district: "test",
      category: "A",
    })
    .returning("id");
  return id;
}

export interface CreatedBlock {
  id: number;
  version: number;
  areaKm2: number;
  /** GeographicLib area of the geometry sent, m². */
  referenceAreaM2: number;
  geometry: Polygon;
}

export async function createBlock(
  t: TestApp,
  parkId: number,
  geometry: Polygon,
  properties: Record<string, unknown> = {},
): Promise<CreatedBlock> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry,
      properties: { name: "测试区块", parkId, level: "municipal", status: "rectifying", ...properties },
    },
  });
  if (response.statusCode !== 201) throw new Error(`block not created: ${response.body}`);
  const block = response.json();
  return {
    id: block.properties.id,
    version: block.properties.version,
    areaKm2: block.properties.areaKm2,
    referenceAreaM2: geodesicAreaM2(geometry),
    geometry,
  };
}

/**
 * A park whose block under test has area `areaKm2` and share `share` of the park: the block plus one filler
 * block of area a·(1/s − 1) (the default basis sums all the park's blocks).
 */
export async function blockWithShare(
  t: TestApp,
  label: string,
  areaKm2: number,
  share: number,
  origin: [number, number] = [116.3, 40.0],
): Promise<{ parkId: number; block: CreatedBlock; filler: CreatedBlock }> {
  const parkId = await createPark(t, label);
  const block = await createBlock(t, parkId, rectangleOfArea(areaKm2, origin[0], origin[1]));
  const fillerKm2 = areaKm2 * (1 / share - 1);
  const filler = await createBlock(t, parkId, rectangleOfArea(fillerKm2, origin[0], origin[1] + 0.02, 0.03), {
    name: "填充区块",
    status: "recognized",
  });
  return { parkId, block, filler };
}
