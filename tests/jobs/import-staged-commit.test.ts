import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStores } from "../../server/app-context.js";
import type { AuditActor } from "../../server/db/audit-store.js";
import { createBlocks } from "../../server/db/block-create-many.js";
import { parkUnionAreaM2 } from "../../server/db/kept-unions.js";
import { commitImport, planImportCommit } from "../../server/jobs/import-jobs.js";
import { upload } from "../formats/helpers.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14, the staged import commit (used on PGlite; run here on both databases by calling it directly):
 * between its chunks no read sees a staged block, the publish makes them all blocks at once; and what the
 * blocks' triggers derive — overlaps with the zone layers and with other blocks, tile columns, the park's union
 * of blocks in force — comes out as a plain create gives it (the same file created in a rolled-back
 * transaction) and as geographiclib measures the rectangles.
 */
let t: TestApp;
let stores: ReturnType<typeof createStores>;
let parkId: number;
const audit: AuditActor = {
  accountId: null,
  actorName: "分批导入",
  roles: ["admin"],
  requestId: null,
  clientAddress: null,
};

beforeAll(async () => {
  t = await startTestApp();
  stores = createStores(t.db);
  parkId = t.parkIds[0];
});
afterAll(async () => t?.close());

/** 0.001° steps east of `west` at 40.50–40.501°N (Yanqing, away from the demo blocks). */
const SOUTH = 40.5;
const NORTH = 40.501;
const box = (west: number, from: number, to: number) =>
  rectangle(west + from * 0.001, SOUTH, west + to * 0.001, NORTH);

function file(features: { name: string; code: string; geometry: unknown }[]): string {
  return JSON.stringify({
    type: "FeatureCollection",
    features: features.map(({ geometry, ...properties }) => ({ type: "Feature", properties, geometry })),
  });
}

async function previewOf(name: string, text: string) {
  const response = await upload(t.app, name, text);
  expect(response.statusCode, response.body).toBe(201);
  const preview = await stores.imports.get(response.json().id);
  if (!preview) throw new Error("no preview");
  return preview;
}

async function count(table: string): Promise<number> {
  return Number((await t.db.knex(table).count({ n: "*" }))[0].n);
}

describe("the staged import commit", () => {
  it("stages in chunks no read sees, then publishes every block in one step", async () => {
    const n = 40;
    const preview = await previewOf(
      "staged.geojson",
      file(
        Array.from({ length: n }, (_, i) => ({
          name: `分批 ${i}`,
          code: `STG-${i}`,
          geometry: box(116.3, 2 * i, 2 * i + 1),
        })),
      ),
    );
    const plan = await planImportCommit(stores, preview, { parkId, level: "municipal", status: "candidate" });
    const blocksBefore = await count("blocks");
    const versionsBefore = await count("block_versions");
    const seen: { done: number; staged: number; blocks: number; answer: number }[] = [];
    const committed = await commitImport(stores, audit, preview, plan, {
      staged: true,
      onCreated: async (done) => {
        if (done === 0) return;
        const staged = await t.db.knex("import_staged_blocks").orderBy("id").pluck("id");
        const answer = await t.app.inject({ method: "GET", url: `/api/blocks/${staged[0]}` });
        seen.push({ done, staged: staged.length, blocks: await count("blocks"), answer: answer.statusCode });
      },
    });
    // More than one chunk, and at each pause between them: rows staged, none of them a block.
    expect(seen.length).toBeGreaterThan(1);
    for (const pause of seen)
      expect(pause).toEqual({ done: pause.staged, staged: pause.staged, blocks: blocksBefore, answer: 404 });

    expect(committed.committed).toBe(n);
    expect(await count("blocks")).toBe(blocksBefore + n);
    expect(await count("block_versions")).toBe(versionsBefore + n);
    const ids = committed.blocks.map((block) => block.id);
    const codes = new Map<number, string>();
    for (const row of await t.db.knex("blocks").whereIn("id", ids).select("id", "code"))
      codes.set(Number(row.id), row.code);
    expect(ids.map((id) => codes.get(id))).toEqual([...Array(n).keys()].map((i) => `STG-${i}`));
    const answer = await t.app.inject({ method: "GET", url: `/api/blocks/${ids[n - 1]}` });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().properties.code).toBe(`STG-${n - 1}`);
    const audited = await t.db.knex("audit_events").where({ action: "import.commit", entity_id: preview.id });
    expect(audited).toHaveLength(1);
    expect((await stores.imports.get(preview.id))?.status).toBe("committed");
    // The staging is gone once published.
    for (const table of ["import_stagings", "import_staged_blocks", "import_staged_pair_overlaps"])
      expect(await count(table), table).toBe(0);
  }, 240_000);

  it("derives the overlaps, tile columns and park share a plain create derives", async () => {
    const west = 116.2;
    // A (in force already) over [0, 2]; imported B [1, 4] over A's [1, 2], C [3, 5] over B's [3, 4]; D apart.
    await t.db.knex.transaction((trx) =>
      createBlocks(
        trx,
        [
          {
            code: "STG-A",
            name: "已有 A",
            parkId,
            level: "municipal",
            status: "recognized",
            geoJson: JSON.stringify(box(west, 0, 2)),
          },
        ],
        { actor: "test", change: "create" },
      ),
    );
    const aId = Number((await t.db.knex("blocks").where({ code: "STG-A" }).first("id")).id);
    const features = [
      { name: "B", code: "STG-B", geometry: box(west, 1, 4) },
      { name: "C", code: "STG-C", geometry: box(west, 3, 5) },
      { name: "D", code: "STG-D", geometry: box(west, 7, 8) },
    ];
    const preview = await previewOf("derived.geojson", file(features));
    const plan = await planImportCommit(stores, preview, {
      parkId,
      level: "municipal",
      status: "recognized",
    });
    const unionBefore = await parkUnionAreaM2(t.db.knex, parkId, null);

    // The peer: the same blocks created as a plain create does (the triggers derive), rolled back.
    const rollback = new Error("rollback");
    let plain: Derived | undefined;
    await t.db.knex
      .transaction(async (trx) => {
        const ids = await createBlocks(trx, plan.blocks, { actor: "peer", change: "import" });
        plain = await derived(trx, ids, aId);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });

    const committed = await commitImport(stores, audit, preview, plan, { staged: true });
    const staged = await derived(
      t.db.knex,
      committed.blocks.map((block) => block.id),
      aId,
    );
    expect(staged).toEqual(plain);
    // Some layer overlap, to compare at all (Yanqing district and the eco-conservation area).
    expect(staged.layers.length).toBeGreaterThan(0);
    expect(staged.tiles.every((tile) => tile.label && tile.mercator)).toBe(true);

    // geographiclib: A∩B = [1, 2], B∩C = [3, 4], both ways; D meets nothing.
    const m2 = (from: number, to: number) => geodesicAreaM2(box(west, from, to));
    const pair = (block: string, other: string) =>
      staged.pairs.find((p) => p.block === block && p.other === other);
    expect(staged.pairs.map((p) => `${p.block}-${p.other}`).sort()).toEqual(["0-1", "0-A", "1-0", "A-0"]);
    for (const [block, other, expected] of [
      ["0", "A", m2(1, 2)],
      ["A", "0", m2(1, 2)],
      ["0", "1", m2(3, 4)],
      ["1", "0", m2(3, 4)],
    ] as const) {
      expect(
        Math.abs((pair(block, other)?.overlapM2 ?? 0) - expected) / expected,
        `${block}-${other}`,
      ).toBeLessThan(1e-9);
    }
    // The park's union of blocks in force grows by [2, 5] and D (A was in it); 1e-5: the union's edges keep
    // the rectangles' corners as vertices, its geodesic top and bottom differ from [2, 5]'s by that much.
    const grown = (await parkUnionAreaM2(t.db.knex, parkId, null)) - unionBefore;
    const expected = m2(2, 5) + m2(7, 8);
    expect(Math.abs(grown - expected) / expected).toBeLessThan(1e-5);
  }, 240_000);
});

interface Derived {
  tiles: {
    position: number;
    mercator: string;
    label: string;
    labelMercator: string;
    minZoom: number;
    areaM2: string;
  }[];
  layers: { position: number; layer: string; overlapM2: string }[];
  pairs: { block: string; other: string; overlapM2: number }[];
}

/** What the triggers derive for the new blocks `ids` (named by their position; `aId` as "A"). */
async function derived(db: Knex | Knex.Transaction, ids: number[], aId: number): Promise<Derived> {
  const name = (id: number) => (id === aId ? "A" : String(ids.indexOf(id)));
  const tiles = await db.raw(
    `select id, ST_AsText(geom_mercator) as mercator, ST_AsText(label_point) as label,
            ST_AsText(label_point_mercator) as label_mercator, label_min_zoom, area_m2
       from blocks where id = any(?::integer[]) order by id`,
    [ids],
  );
  const layers = await db.raw(
    "select block_id, layer, overlap_m2 from block_layer_overlaps where block_id = any(?::integer[]) order by block_id, layer",
    [ids],
  );
  const pairs = await db.raw(
    `select block_id, other_id, overlap_m2 from block_pair_overlaps
      where block_id = any(?::integer[]) or other_id = any(?::integer[]) order by block_id, other_id`,
    [ids, ids],
  );
  return {
    tiles: tiles.rows.map((row: Record<string, unknown>) => ({
      position: ids.indexOf(Number(row.id)),
      mercator: String(row.mercator),
      label: String(row.label),
      labelMercator: String(row.label_mercator),
      minZoom: Number(row.label_min_zoom),
      areaM2: Number(row.area_m2).toFixed(6),
    })),
    layers: layers.rows.map((row: Record<string, unknown>) => ({
      position: ids.indexOf(Number(row.block_id)),
      layer: String(row.layer),
      overlapM2: Number(row.overlap_m2).toFixed(4),
    })),
    pairs: pairs.rows
      .map((row: Record<string, unknown>) => ({
        block: name(Number(row.block_id)),
        other: name(Number(row.other_id)),
        overlapM2: Number(row.overlap_m2),
      }))
      .sort((a: { block: string; other: string }, b: { block: string; other: string }) =>
        `${a.block}-${a.other}`.localeCompare(`${b.block}-${b.other}`),
      ),
  };
}
