import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlock } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp, type TestClient } from "../helpers/test-app.js";

/**
 * Issue #11: a district draws and edits its 意向纳入 / 已申报 blocks; a block in force is the management side's
 * (an edit needs evaluations.run, its end is an exit, which needs evaluations.run) — even in the district's own park.
 */
let t: TestApp;
let district: TestClient;
let parkId: number;
beforeAll(async () => {
  t = await startTestApp();
  parkId = t.parkIds[0] as number;
  district = await t.clientFor({ roles: ["district"], parkIds: [parkId] });
});
afterAll(async () => t?.close());

async function versionsOf(id: number): Promise<number> {
  const [row] = await t.db.knex("block_versions").where({ block_id: id }).count({ n: "*" });
  return Number(row?.n);
}

describe("a district and the status of a block in its own park", () => {
  it("may not edit or end a recognized block: 403 naming evaluations.run, nothing written", async () => {
    const block = await createBlock(t, parkId, rectangle(116.3, 39.6, 116.31, 39.61), {
      status: "recognized",
    });
    const before = await versionsOf(block.id);
    const edit = await district.inject({
      method: "PATCH",
      url: `/api/blocks/${block.id}`,
      payload: { version: block.version, properties: { name: "区里改名" } },
    });
    expect(edit.statusCode, edit.body).toBe(403);
    expect(edit.json().error.message).toContain("evaluations.run");
    const end = await district.inject({ method: "DELETE", url: `/api/blocks/${block.id}` });
    expect(end.statusCode, end.body).toBe(403);
    expect(end.json().error.message).toContain("evaluations.run");
    const now = await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}` });
    expect(now.json().properties).toMatchObject({
      status: "recognized",
      name: "测试区块",
      version: block.version,
    });
    expect(await versionsOf(block.id)).toBe(before);
  });

  it("edits and withdraws its own 意向纳入 block", async () => {
    const block = await createBlock(t, parkId, rectangle(116.33, 39.6, 116.34, 39.61), {
      status: "candidate",
    });
    const edit = await district.inject({
      method: "PATCH",
      url: `/api/blocks/${block.id}`,
      payload: { version: block.version, properties: { name: "区里改名" } },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const end = await district.inject({ method: "DELETE", url: `/api/blocks/${block.id}` });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().properties).toMatchObject({ status: "withdrawn", name: "区里改名" });
  });

  it("a lead with evaluations.run may end the recognized block (an exit)", async () => {
    const block = await createBlock(t, parkId, rectangle(116.36, 39.6, 116.37, 39.61), {
      status: "recognized",
    });
    const end = await t.app.inject({ method: "DELETE", url: `/api/blocks/${block.id}` });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().properties.status).toBe("exited");
  });
});
