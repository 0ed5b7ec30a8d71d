import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockWithShare, createBlock, createPark } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #13 · 备案: the exit or reduction of a block in 《中国开发区审核公告目录》 creates its filing in the same write. */
let t: TestApp;
let parkId: number;
beforeAll(async () => {
  t = await startTestApp();
  parkId = await createPark(t, "filing");
});
afterAll(async () => t?.close());

const catalogue = (blockId: number, payload: object) =>
  t.app.inject({ method: "PUT", url: `/api/blocks/${blockId}/catalogue`, payload });
const filingsOf = async (blockId: number) =>
  (await t.app.inject({ method: "GET", url: `/api/filings?blockId=${blockId}` })).json().filings;

describe("catalogue status and 备案", () => {
  it("needs the zone's name and code for a block in the catalogue; 404 for an unknown block; nothing written", async () => {
    const block = await createBlock(t, parkId, rectangle(116.9, 39.2, 116.91, 39.21), {
      status: "recognized",
    });
    const noCode = await catalogue(block.id, { inCatalogue: true, zoneName: "北京某高新区" });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().error).toMatchObject({
      code: "bad-catalogue-entry",
      details: { field: "zoneCode" },
    });
    expect((await catalogue(2_000_000, { inCatalogue: false })).statusCode).toBe(404);
    expect(await t.db.knex("block_catalogue_entries").where({ block_id: block.id })).toHaveLength(0);
    const read = await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}/catalogue` });
    expect(read.json()).toMatchObject({ inCatalogue: false, zoneName: null });
  });

  it("an exit of a catalogue block writes its 备案 record with the whole block removed; other blocks' exits none", async () => {
    const block = await createBlock(t, parkId, rectangle(116.92, 39.2, 116.93, 39.21), {
      status: "recognized",
    });
    const other = await createBlock(t, parkId, rectangle(116.94, 39.2, 116.95, 39.21), {
      status: "recognized",
    });
    const put = await catalogue(block.id, {
      inCatalogue: true,
      zoneName: "北京示意高新区",
      zoneCode: "G119001",
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ inCatalogue: true, zoneName: "北京示意高新区", zoneCode: "G119001" });
    const areaKm2 = (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}` })).json().properties
      .areaKm2;
    for (const id of [block.id, other.id]) {
      const exit = await t.app.inject({
        method: "POST",
        url: `/api/blocks/${id}/actions/exit`,
        payload: { version: 1, reason: "过渡期满未达成指标承诺，退出（测试）" },
      });
      expect(exit.statusCode, exit.body).toBe(200);
    }
    const [filing] = await filingsOf(block.id);
    expect(filing).toMatchObject({
      change: "exit",
      decision: "过渡期满未达成指标承诺，退出（测试）",
      zoneName: "北京示意高新区",
      zoneCode: "G119001",
      versionBefore: 1,
      versionAfter: 2,
      areaAfterKm2: 0,
      filedOn: null,
      ministryReference: null,
    });
    expect(filing.removedKm2).toBeCloseTo(areaKm2, 9);
    expect(await filingsOf(other.id)).toEqual([]);

    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/filings/${filing.id}`,
      payload: { filedOn: "2026-12-01", ministryReference: "国科火字〔2026〕9号（测试）" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      filedOn: "2026-12-01",
      ministryReference: "国科火字〔2026〕9号（测试）",
    });
    const bad = await t.app.inject({
      method: "PATCH",
      url: `/api/filings/${filing.id}`,
      payload: { filedOn: "2026-02-30" },
    });
    expect(bad.statusCode).toBe(400);
    expect((await filingsOf(block.id))[0].filedOn).toBe("2026-12-01");
  });

  it("a reduction records the removed and the kept land; the export lists it with its boundary files", async () => {
    // 2.5 km², 40% of its park: 淘汰方式 keeps 75% (a reduction with a new boundary).
    const { block } = await blockWithShare(t, "filing-reduce", 2.5, 0.4);
    await catalogue(block.id, { inCatalogue: true, zoneName: "北京示意高新区", zoneCode: "G119002" });
    const saved = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/reduction-proposals`,
      payload: { strategy: "inset" },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/reduction-proposals/${saved.json().properties.id}/apply`,
      payload: { version: 1 },
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const [filing] = await filingsOf(block.id);
    expect(filing.change).toBe("reduce");
    expect(filing.areaAfterKm2 / filing.areaBeforeKm2).toBeCloseTo(0.75, 4);
    const removed = await t.db.knex.raw(
      "select ST_Area(removed_geom::geography) / 1e6 as removed, ST_Area(kept_geom::geography) / 1e6 as kept from filings where id = ?",
      [filing.id],
    );
    expect(Number(removed.rows[0].removed)).toBeCloseTo(filing.removedKm2, 4);
    expect(Number(removed.rows[0].kept)).toBeCloseTo(filing.areaAfterKm2, 6);

    const zip = await t.app.inject({ method: "GET", url: "/api/filings/export" });
    expect(zip.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files["备案变更.xlsx"].slice().buffer as ArrayBuffer);
    const rows = workbook.getWorksheet("备案变更")?.getSheetValues() as unknown[][];
    const codes = rows.slice(3).map((row) => row[3]);
    expect(codes).toContain("G119002");
    const boundary = Object.keys(files).filter((name) => name.startsWith(`边界/${filing.id}_`));
    expect(boundary.sort()).toEqual(
      [expect.stringMatching(/_调出范围\.geojson$/), expect.stringMatching(/_调整后范围\.geojson$/)].sort(),
    );
    const removedFile = JSON.parse(
      new TextDecoder().decode(files[boundary.find((n) => n.includes("调出")) as string]),
    );
    expect(removedFile.features[0].geometry.type).toBe("MultiPolygon");
  });
});
