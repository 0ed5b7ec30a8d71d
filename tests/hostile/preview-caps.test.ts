import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREVIEWS_PER_ACCOUNT } from "../../server/db/import-store.js";
import { upload } from "../formats/helpers.js";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

/** Issue #15 item 4: an account keeps a bounded number of pending import previews (the oldest go first). */
let t: TestApp;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
});
afterAll(async () => t?.close());

function tinyFile(i: number): string {
  return JSON.stringify({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { name: `预览 ${i}` },
        geometry: rectangle(116.9 + i * 0.002, 40.5, 116.901 + i * 0.002, 40.501),
      },
    ],
  });
}

describe("stored previews per account", () => {
  it(`keeps the ${PREVIEWS_PER_ACCOUNT} newest pending previews of an account`, async () => {
    const other = await t.clientFor({ roles: ["district"], name: "另一账户" });
    const theirs = await upload(t.app, "theirs.geojson", tinyFile(99), {}, other.headers);
    expect(theirs.statusCode, theirs.body).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < PREVIEWS_PER_ACCOUNT + 2; i++) {
      const response = await upload(t.app, `p${i}.geojson`, tinyFile(i));
      expect(response.statusCode, response.body).toBe(201);
      ids.push(response.json().id);
    }
    const pending = await t.db
      .knex("import_previews")
      .where({ status: "pending", created_by: t.admin.account.name })
      .pluck("id");
    expect(pending.sort()).toEqual(ids.slice(2).sort());
    expect((await t.app.inject({ method: "GET", url: `/api/imports/${ids[0]}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: `/api/imports/${ids.at(-1)}` })).statusCode).toBe(200);
    // Another account's preview is not touched.
    expect(await t.db.knex("import_previews").where({ id: theirs.json().id }).first()).toBeDefined();
  });
});
