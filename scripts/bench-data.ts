import { analyzedBlockIds, type BulkBlockRow, bulkLoadBlocks } from "../server/db/bulk-load.js";
import type { Database } from "../server/db/connect.js";
import { zoneStore } from "../server/db/zone-store.js";
import { starRing } from "./bench-support.js";

/** Where the synthetic data lies: about Beijing's extent. */
export const BENCH_BBOX = { west: 115.7, south: 39.6, east: 117.2, north: 40.8 };

function randomPoint(rand: () => number): [number, number] {
  const { west, south, east, north } = BENCH_BBOX;
  return [west + rand() * (east - west), south + rand() * (north - south)];
}

/**
 * Beijing-sized synthetic data (the same for the same seed): `parks` parks; `zones` municipal development zones of
 * 1,000 vertices; `blocks` blocks of 20–40 vertices, one in ten national, 85% recognised. Returns the block ids.
 */
export async function generateBenchData(
  db: Database,
  rand: () => number,
  counts: { parks: number; zones: number; blocks: number },
): Promise<number[]> {
  const parkIds: number[] = [];
  for (let i = 0; i < counts.parks; i++) {
    const [{ id }] = await db
      .knex("parks")
      .insert({
        code: `bench-${i}`,
        name: `基准分园${i}`,
        name_en: `Bench ${i}`,
        district: "—",
        category: "A",
      })
      .returning("id");
    parkIds.push(id);
  }
  const zones = zoneStore(db.knex);
  for (let i = 0; i < counts.zones; i++) {
    const [lng, lat] = randomPoint(rand);
    await zones.insert({
      code: `z${i}`,
      kind: "municipal-development-zone",
      name: `z${i}`,
      nameEn: `z${i}`,
      geometry: {
        type: "Polygon",
        coordinates: [starRing(rand, lng, lat, 0.03 + rand() * 0.07, 1000, 0.05)],
      },
    });
  }
  for (let start = 0; start < counts.blocks; start += 500) {
    const rows: BulkBlockRow[] = [];
    for (let i = start; i < Math.min(counts.blocks, start + 500); i++) {
      const [lng, lat] = randomPoint(rand);
      const draw = rand();
      rows.push({
        name: `b${i}`,
        park_id: parkIds[i % counts.parks],
        level: i % 10 === 0 ? "national" : "municipal",
        status: draw < 0.85 ? "recognized" : draw < 0.92 ? "rectifying" : "candidate",
        geometry: {
          type: "MultiPolygon",
          coordinates: [[starRing(rand, lng, lat, 0.002 + rand() * 0.006, 20 + Math.floor(rand() * 21))]],
        },
      });
    }
    await bulkLoadBlocks(db.knex, rows);
  }
  return analyzedBlockIds(db.knex);
}
