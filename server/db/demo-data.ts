import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FeatureCollection, Geometry } from "geojson";
import type { Knex } from "knex";
import { isBlockLevel, isBlockStatus } from "../domain/block.js";
import { isZoneKind } from "../domain/layers.js";
import { blockStore } from "./block-store.js";
import { freezeBaseline } from "./composition-store.js";
import type { NewPark } from "./park-store.js";
import { zoneStore } from "./zone-store.js";

/** The folder of the illustrative (示意) demo data set, see geodata/README.md. */
export const DEMO_GEODATA_DIR = path.resolve(import.meta.dirname, "../../geodata");

const DEMO_ACTOR = "demo-data-loader";

export interface DemoLoadResult {
  loaded: boolean;
  parks: number;
  zones: number;
  blocks: number;
}

/** The note of the baseline the demo freezes (需要说明的是 四). */
export const DEMO_BASELINE_NOTE = "演示数据加载时冻结的整合范围基线（示意）";

/**
 * Loads parks, zones and blocks from geodata/ in one transaction, only when the database has no parks, then
 * freezes the 空间构成 baseline of that data (as `POST /api/composition/baseline` would): with it the demo shows
 * the cap that can fire — applying for an 意向纳入区块 shrinks the headroom (issue #12.7) — from the first start.
 */
export async function loadDemoDataIfEmpty(knex: Knex, dir = DEMO_GEODATA_DIR): Promise<DemoLoadResult> {
  const [{ count }] = await knex("parks").count<{ count: number | string }[]>("* as count");
  if (Number(count) > 0) return { loaded: false, parks: 0, zones: 0, blocks: 0 };

  const parks = JSON.parse(await readFile(path.join(dir, "parks.json"), "utf8")) as NewPark[];
  const zones = await readCollection(path.join(dir, "zones.geojson"));
  const blocks = await readCollection(path.join(dir, "blocks.geojson"));

  await knex.transaction(async (trx) => {
    const parkIds = new Map<string, number>();
    for (const park of parks) {
      const [{ id }] = await trx("parks")
        .insert({
          code: park.code,
          name: park.name,
          name_en: park.nameEn,
          district: park.district,
          category: park.category,
        })
        .returning("id");
      parkIds.set(park.code, id);
    }
    const zonesIn = zoneStore(knex);
    for (const zone of zones.features) {
      const { code, kind, name, nameEn, ...attributes } = zone.properties ?? {};
      if (!isZoneKind(kind)) throw new Error(`geodata zones: unknown kind ${kind} for ${code}`);
      await zonesIn.insert(
        { code, kind, name, nameEn: nameEn ?? "", attributes, geometry: zone.geometry },
        trx,
      );
    }
    const blocksIn = blockStore(knex);
    for (const block of blocks.features) {
      const { code, name, parkCode, level, status, ...attributes } = block.properties ?? {};
      const parkId = parkIds.get(parkCode);
      if (parkId === undefined) throw new Error(`geodata blocks: unknown parkCode ${parkCode} for ${code}`);
      if (!isBlockLevel(level) || !isBlockStatus(status))
        throw new Error(`geodata blocks: bad level/status for ${code}`);
      await blocksIn.create(
        { code, name, parkId, level, status, attributes, geoJson: JSON.stringify(block.geometry) },
        { actor: DEMO_ACTOR, change: "create" },
        trx,
      );
    }
  });
  // After the commit: freezing reads the kept Zhongguancun union, which the block triggers have marked stale.
  await freezeBaseline(knex, undefined, DEMO_ACTOR, DEMO_BASELINE_NOTE);
  return { loaded: true, parks: parks.length, zones: zones.features.length, blocks: blocks.features.length };
}

/** Demo properties are plain strings (codes, names, dates, notes). */
type DemoProperties = Record<string, string>;

async function readCollection(file: string): Promise<FeatureCollection<Geometry, DemoProperties>> {
  return JSON.parse(await readFile(file, "utf8"));
}
