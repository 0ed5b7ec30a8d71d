import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOOL_REASONS } from "../../server/domain/block-tools.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #18 item 8: split by a line, merge two blocks, restore an earlier version — over HTTP, real PostGIS. */
let t: TestApp;
let parkId: number;
let otherParkId: number;
let nextLng = 116.0;

beforeAll(async () => {
  t = await startTestApp();
  [parkId, otherParkId] = t.parkIds;
});
afterAll(async () => t?.close());

/** A fresh 0.01° × 0.01° block of its own (south, away from every other test's blocks). */
async function newBlock(properties: Record<string, unknown> = {}, width = 0.01) {
  nextLng += 0.03;
  const geometry = rectangle(nextLng, 39.3, nextLng + width, 39.31);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry,
      properties: {
        name: "工具区块",
        parkId,
        level: "municipal",
        attributes: { 主导产业: "软件" },
        ...properties,
      },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id, version } = response.json().properties;
  return { id: id as number, version: version as number, west: nextLng, geometry };
}

const post = (url: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: "POST", url, payload });
const history = async (id: number) =>
  (await t.app.inject({ method: "GET", url: `/api/blocks/${id}/history` })).json();
const count = async (table: string) => Number((await t.db.knex(table).count("* as n"))[0].n);
const auditRows = async (action: string) =>
  Number((await t.db.knex("audit_events").where({ action }).count("* as n"))[0].n);
const line = (coordinates: number[][]) => ({ type: "LineString", coordinates });

describe("POST /api/blocks/:id/split", () => {
  it("keeps the larger piece, makes the other a new block, links both versions and audits once", async () => {
    const block = await newBlock();
    const cutLng = block.west + 0.004; // west piece 0.004° wide, east piece 0.006°
    const response = await post(`/api/blocks/${block.id}/split`, {
      version: block.version,
      line: line([
        [cutLng, 39.29],
        [cutLng, 39.32],
      ]),
      reason: "按道路分割",
    });
    expect(response.statusCode, response.body).toBe(200);
    const { block: kept, newBlocks } = response.json();
    expect(kept.properties).toMatchObject({ id: block.id, version: 2, status: "candidate" });
    expect(newBlocks).toHaveLength(1);
    const piece = newBlocks[0];
    expect(piece.properties).toMatchObject({
      name: "工具区块-2",
      parkId,
      level: "municipal",
      status: "candidate",
      version: 1,
      code: null,
      attributes: { 主导产业: "软件" },
    });
    const eastArea = geodesicAreaM2(rectangle(cutLng, 39.3, block.west + 0.01, 39.31)) / 1e6;
    const westArea = geodesicAreaM2(rectangle(block.west, 39.3, cutLng, 39.31)) / 1e6;
    expect(kept.properties.areaKm2).toBeCloseTo(eastArea, 6);
    expect(piece.properties.areaKm2).toBeCloseTo(westArea, 6);
    const keptHistory = await history(block.id);
    expect(keptHistory[1]).toMatchObject({ change: "split", reason: "按道路分割" });
    expect(keptHistory[1].links).toEqual([
      { kind: "split", direction: "to", blockId: piece.properties.id, version: 1 },
    ]);
    const pieceHistory = await history(piece.properties.id);
    expect(pieceHistory[0]).toMatchObject({ change: "split", version: 1 });
    expect(pieceHistory[0].links).toEqual([
      { kind: "split", direction: "from", blockId: block.id, version: 2 },
    ]);
    const audit = await t.db
      .knex("audit_events")
      .where({ action: "block.split" })
      .orderBy("id", "desc")
      .first();
    expect(audit.after.blockIds).toEqual([block.id, piece.properties.id]);
  });

  it("refuses a line that does not cut the block, and writes nothing", async () => {
    const block = await newBlock();
    const [blocks, versions, links, audits] = [
      await count("blocks"),
      await count("block_versions"),
      await count("block_links"),
      await auditRows("block.split"),
    ];
    const inside = block.west + 0.005;
    const response = await post(`/api/blocks/${block.id}/split`, {
      version: block.version,
      line: line([
        [inside, 39.302],
        [inside, 39.308],
      ]),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(TOOL_REASONS.lineMissesBlock);
    expect([
      await count("blocks"),
      await count("block_versions"),
      await count("block_links"),
      await auditRows("block.split"),
    ]).toEqual([blocks, versions, links, audits]);
  });

  it("names bad input: one point, out-of-range degrees, a stale version, a block in force", async () => {
    const block = await newBlock();
    const onePoint = await post(`/api/blocks/${block.id}/split`, {
      version: 1,
      line: line([
        [116, 39],
        [116, 39],
      ]),
    });
    expect([onePoint.statusCode, onePoint.json().error.code]).toEqual([400, TOOL_REASONS.lineTooShort]);
    const swapped = await post(`/api/blocks/${block.id}/split`, {
      version: 1,
      line: line([
        [39.3, 116],
        [39.31, 116],
      ]),
    });
    expect([swapped.statusCode, swapped.json().error.code]).toEqual([400, TOOL_REASONS.lineOutOfRange]);
    const cut = line([
      [block.west + 0.005, 39.29],
      [block.west + 0.005, 39.32],
    ]);
    const stale = await post(`/api/blocks/${block.id}/split`, { version: 7, line: cut });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version-conflict"]);
    const recognized = await newBlock({ status: "recognized" });
    const inForce = await post(`/api/blocks/${recognized.id}/split`, {
      version: 1,
      line: line([
        [recognized.west + 0.005, 39.29],
        [recognized.west + 0.005, 39.32],
      ]),
    });
    expect([inForce.statusCode, inForce.json().error.code]).toEqual([409, TOOL_REASONS.notPending]);
    const missingLine = await post(`/api/blocks/${block.id}/split`, { version: 1 });
    expect(missingLine.statusCode).toBe(400);
    expect((await history(block.id)).length).toBe(1);
  });
});

describe("POST /api/blocks/:id/merge", () => {
  it("gives the first block the union as a new version and withdraws the second, linked both ways", async () => {
    const first = await newBlock();
    const eastGeometry: Polygon = rectangle(first.west + 0.01, 39.3, first.west + 0.02, 39.31);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: eastGeometry,
        properties: { name: "东邻", parkId, level: "municipal" },
      },
    });
    const second = created.json().properties;
    const response = await post(`/api/blocks/${first.id}/merge`, {
      version: 1,
      otherId: second.id,
      otherVersion: 1,
      reason: "合并相邻区块",
    });
    expect(response.statusCode, response.body).toBe(200);
    const { block, merged } = response.json();
    const unionArea = geodesicAreaM2(rectangle(first.west, 39.3, first.west + 0.02, 39.31)) / 1e6;
    expect(block.properties).toMatchObject({
      id: first.id,
      version: 2,
      name: "工具区块",
      status: "candidate",
    });
    expect(block.properties.areaKm2).toBeCloseTo(unionArea, 6);
    expect(block.geometry.coordinates).toHaveLength(1); // adjacent: one part
    expect(merged.properties).toMatchObject({ id: second.id, version: 2, status: "withdrawn" });
    expect((await history(first.id))[1]).toMatchObject({
      change: "merge",
      reason: "合并相邻区块",
      links: [{ kind: "merge", direction: "from", blockId: second.id, version: 2 }],
    });
    expect((await history(second.id))[1]).toMatchObject({
      change: "merge",
      status: "withdrawn",
      links: [{ kind: "merge", direction: "to", blockId: first.id, version: 2 }],
    });
  });

  it("refuses blocks of different parks, a block with itself and a stale other version; nothing written", async () => {
    const first = await newBlock();
    const elsewhere = await newBlock({ parkId: otherParkId });
    const same = await newBlock();
    const before = [await count("block_versions"), await auditRows("block.merge")];
    const parks = await post(`/api/blocks/${first.id}/merge`, {
      version: 1,
      otherId: elsewhere.id,
      otherVersion: 1,
    });
    expect([parks.statusCode, parks.json().error.code]).toEqual([400, TOOL_REASONS.parkDiffers]);
    const itself = await post(`/api/blocks/${first.id}/merge`, {
      version: 1,
      otherId: first.id,
      otherVersion: 1,
    });
    expect([itself.statusCode, itself.json().error.code]).toEqual([400, TOOL_REASONS.sameBlock]);
    const stale = await post(`/api/blocks/${first.id}/merge`, {
      version: 1,
      otherId: same.id,
      otherVersion: 3,
    });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version-conflict"]);
    const unknown = await post(`/api/blocks/${first.id}/merge`, {
      version: 1,
      otherId: 999999,
      otherVersion: 1,
    });
    expect(unknown.statusCode).toBe(404);
    expect([await count("block_versions"), await auditRows("block.merge")]).toEqual(before);
  });

  it("refuses a district account the other block outside its parks", async () => {
    const district = await t.clientFor({ roles: ["district"], parkIds: [parkId] });
    const mine = await newBlock();
    const theirs = await newBlock({ parkId: otherParkId });
    const response = await district.inject({
      method: "POST",
      url: `/api/blocks/${mine.id}/merge`,
      payload: { version: 1, otherId: theirs.id, otherVersion: 1 },
    });
    expect([response.statusCode, response.json().error.code]).toEqual([403, "out-of-scope"]);
  });
});

describe("POST /api/blocks/:id/restore", () => {
  it("brings back version 1's boundary, name and attributes as version 3, linked to version 1", async () => {
    const block = await newBlock();
    const moved = rectangle(block.west, 39.3, block.west + 0.02, 39.31);
    const edited = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${block.id}`,
      payload: {
        version: 1,
        geometry: moved,
        properties: { name: "改过的名字", attributes: { 主导产业: "制造" } },
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const response = await post(`/api/blocks/${block.id}/restore`, {
      version: 2,
      fromVersion: 1,
      reason: "误改",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().properties).toMatchObject({
      version: 3,
      name: "工具区块",
      attributes: { 主导产业: "软件" },
    });
    expect(response.json().properties.areaKm2).toBeCloseTo(geodesicAreaM2(block.geometry) / 1e6, 6);
    const rows = await history(block.id);
    expect(rows.map((row: { change: string }) => row.change)).toEqual(["create", "update", "restore"]);
    expect(rows[2].links).toEqual([{ kind: "restore", direction: "from", blockId: block.id, version: 1 }]);
    expect(rows[0].links).toEqual([{ kind: "restore", direction: "to", blockId: block.id, version: 3 }]);
    expect(await auditRows("block.restore")).toBeGreaterThan(0);
  });

  it("answers the current version unchanged (no version added) and names a version that does not exist", async () => {
    const block = await newBlock();
    const current = await post(`/api/blocks/${block.id}/restore`, { version: 1, fromVersion: 1 });
    expect([current.statusCode, current.json().error.code]).toEqual([400, TOOL_REASONS.versionIsCurrent]);
    const unknown = await post(`/api/blocks/${block.id}/restore`, { version: 1, fromVersion: 9 });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, TOOL_REASONS.versionUnknown]);
    await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${block.id}`,
      payload: { version: 1, properties: { code: "T-1" } },
    });
    // Version 1 differs only in the code, which history rows do not keep: nothing to restore.
    const same = await post(`/api/blocks/${block.id}/restore`, { version: 2, fromVersion: 1 });
    expect(same.statusCode).toBe(200);
    expect(same.json().properties.version).toBe(2);
    expect((await history(block.id)).length).toBe(2);
  });

  it("needs the lead's evaluations.run for a block in force, like an edit", async () => {
    const district = await t.clientFor({ roles: ["district"] });
    const block = await newBlock({ status: "recognized" });
    await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${block.id}`,
      payload: { version: 1, properties: { name: "新名" } },
    });
    const response = await district.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/restore`,
      payload: { version: 2, fromVersion: 1 },
    });
    expect([response.statusCode, response.json().error.code]).toEqual([403, "missing-permission"]);
    expect((await history(block.id)).length).toBe(2);
  });
});
