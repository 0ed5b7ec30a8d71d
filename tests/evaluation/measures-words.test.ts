import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * The site check in the Measures' own words (issue #12.10; 《管理办法》第四部分 政策支持 and the drafting
 * explanation): 优先保障发展建设用地空间, 仅享受北京市支持中关村发展的市级相关政策, 不得新增和扩建生产性制造业项目
 * （《北京市新增产业的禁止和限制目录（2022年版）》）, and that recognition is not a project approval. The expected
 * sentences are typed from those texts.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[11].id;
  const created = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry: rectangle(116.45, 40.3, 116.46, 40.31),
      properties: { name: "用语测试区块", parkId, level: "municipal", status: "recognized" },
    },
  });
  expect(created.statusCode).toBe(201);
});
afterAll(async () => t?.close());

type Statement = { key: string; zh: string; en: string; source: { zh: string } };
async function siteCheck(lng: number, lat: number) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/site-check",
    payload: { geometry: { type: "Point", coordinates: [lng, lat] } },
  });
  expect(response.statusCode).toBe(200);
  const body = response.json();
  const zh = Object.fromEntries((body.statements as Statement[]).map((s) => [s.key, s.zh]));
  return { body, zh, statements: body.statements as Statement[] };
}

describe("the site check's sentences", () => {
  it("inside a recognized municipal block outside Zhongguancun, in the eco area", async () => {
    const { body, zh, statements } = await siteCheck(116.455, 40.305);
    expect(body.facts).toMatchObject({ inZgc: false, inEcoArea: true, inRecognizedMunicipalBlock: true });
    expect(zh["municipal-high-tech-zone-support"]).toContain("市级部门优先保障发展建设用地空间");
    expect(zh["municipal-high-tech-zone-support"]).toContain("享受市级开发区在产业项目落地方面的政策");
    expect(zh["municipal-zgc-policies-only"]).toContain("仅享受北京市支持中关村发展的市级相关政策");
    expect(zh["manufacturing-allowed"]).toContain(
      "可新增和扩建生产性制造业项目（《北京市新增产业的禁止和限制目录（2022年版）》）",
    );
    expect(zh["recognition-not-approval"]).toBe(
      "认定为市级高新区不等于项目审批：区块内的具体项目仍须按有关规定办理审批手续。",
    );
    const sources = statements.map((statement) => statement.source.zh);
    expect(sources).toContain("《管理办法》第四部分 政策支持 · 适用政策");
    expect(JSON.stringify(statements)).not.toContain("§");
  });

  it("in the eco area outside every zone of municipal level or above", async () => {
    const { body, zh } = await siteCheck(116.455, 40.35);
    expect(body.facts).toMatchObject({ inEcoArea: true });
    expect(body.insideMunicipalOrAboveZone).toBe(false);
    expect(zh["manufacturing-not-allowed"]).toBe(
      "位于生态涵养区且不在市级以上开发区内：不得新增和扩建生产性制造业项目（《北京市新增产业的禁止和限制目录（2022年版）》）。",
    );
    expect(zh["recognition-not-approval"]).toBeUndefined();
  });
});
