import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "../../server/db/audit-store.js";
import { canonicalJson } from "../../server/domain/audit-chain.js";
import { fileUpload } from "../evaluation/upload.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** The audit trail (issue #11): rows with the write, append-only in the database, a chain verify can check. */
let t: TestApp;
let parkId: number;

beforeAll(async () => {
  t = await startTestApp();
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
});
afterAll(async () => t?.close());

async function auditRows() {
  return t.db.knex("audit_events").select("*").orderBy("id");
}

async function createBlock(west: number, actor = "planner-a") {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    headers: await t.actorHeaders(actor),
    payload: {
      type: "Feature",
      geometry: rectangle(west, 40.1, west + 0.01, 40.11),
      properties: { name: "审计测试区块", parkId, level: "municipal" },
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

async function verify() {
  const response = await t.app.inject({ method: "GET", url: "/api/audit/verify" });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** Runs SQL on audit_events with its append-only triggers off (as a table owner could), then turns them on. */
async function withTriggersOff(sql: string, bindings: unknown[] = []) {
  await t.db.knex.raw("alter table audit_events disable trigger user");
  try {
    await t.db.knex.raw(sql, bindings as never[]);
  } finally {
    await t.db.knex.raw("alter table audit_events enable trigger user");
  }
}

describe("audit rows", () => {
  it("a block write leaves one row with who, what, before and after; a no-op edit leaves none", async () => {
    const before = (await auditRows()).length;
    const block = await createBlock(116.2, "planner-b");
    const id = block.properties.id;
    const rows = await auditRows();
    expect(rows.length).toBe(before + 1);
    const created = rows.at(-1);
    expect(created.action).toBe("block.create");
    expect(created.entity).toBe("block");
    expect(created.entity_id).toBe(String(id));
    expect(created.actor_name).toBe("planner-b");
    expect(created.before).toBeNull();
    expect(created.after.version).toBe(1);
    expect(created.after.name).toBe("审计测试区块");

    const rename = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      headers: { "if-match": '"1"', ...(await t.actorHeaders("planner-c")) },
      payload: { properties: { name: "改名区块" } },
    });
    expect(rename.statusCode).toBe(200);
    const noop = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      headers: { "if-match": '"2"' },
      payload: { properties: { name: "改名区块" } },
    });
    expect(noop.statusCode).toBe(200);
    const listed = await t.app.inject({ method: "GET", url: `/api/audit?entity=block&entityId=${id}` });
    expect(listed.statusCode).toBe(200);
    const events = listed.json().events;
    expect(events.map((event: { action: string }) => event.action)).toEqual(["block.update", "block.create"]);
    expect(events[0].before.name).toBe("审计测试区块");
    expect(events[0].after.name).toBe("改名区块");
    expect(events[0].actorName).toBe("planner-c");
    expect(events[0].requestId).toMatch(/\S/);
    expect(events[0].clientAddress).toBe("127.0.0.1");
  });

  it("a refused write (stale version) leaves no row", async () => {
    const block = await createBlock(116.24);
    const before = (await auditRows()).length;
    const stale = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${block.properties.id}`,
      headers: { "if-match": '"7"' },
      payload: { properties: { name: "过期" } },
    });
    expect(stale.statusCode).toBe(409);
    expect((await auditRows()).length).toBe(before);
  });

  it("filters by actor and action, and pages", async () => {
    await createBlock(116.26, "filter-actor");
    await createBlock(116.28, "filter-actor");
    const page = await t.app.inject({
      method: "GET",
      url: "/api/audit?actor=filter-actor&action=block.create&limit=1&offset=1",
    });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.total).toBe(2);
    expect(body.events).toHaveLength(1);
    expect(body.events[0].actorName).toBe("filter-actor");
    const future = await t.app.inject({ method: "GET", url: "/api/audit?from=2999-01-01T00:00:00Z" });
    expect(future.json().total).toBe(0);
    const bad = await t.app.inject({ method: "GET", url: "/api/audit?from=yesterday" });
    expect(bad.statusCode).toBe(400);
  });
});

describe("who may read the trail, and whom it names", () => {
  it("names the account (id, name, roles) behind a write", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(116.38, 40.1, 116.39, 40.11),
        properties: { name: "账号区块", parkId, level: "municipal" },
      },
    });
    expect(created.statusCode).toBe(201);
    const block = created.json();
    const row = await t.db
      .knex("audit_events")
      .where({ entity: "block", entity_id: String(block.properties.id) })
      .first();
    expect(row.account_id).toBe(String(t.admin.account.id));
    expect(row.actor_name).toBe(t.admin.account.name);
    expect([...row.roles].sort()).toEqual([...t.admin.account.roles].sort());
  });

  it("is read by reviewer, lead and admin (audit.read); a viewer, a district and nobody get 401/403", async () => {
    const urls = ["/api/audit", "/api/audit/export?format=csv", "/api/audit/verify"];
    for (const role of ["reviewer", "lead", "admin"] as const) {
      const client = await t.clientFor({ roles: [role] });
      for (const url of urls)
        expect((await client.inject({ method: "GET", url })).statusCode, `${role} ${url}`).toBe(200);
    }
    for (const role of ["viewer", "district", "approver"] as const) {
      const client = await t.clientFor({ roles: [role] });
      for (const url of urls) {
        const refused = await client.inject({ method: "GET", url });
        expect(refused.statusCode, `${role} ${url}`).toBe(403);
        expect(refused.json().error.message).toContain("audit.read");
      }
    }
    for (const url of urls) expect((await t.anonymous({ method: "GET", url })).statusCode, url).toBe(401);
  });
});

describe("a block's trail", () => {
  it("has its own rows and the import that created it (blockId=)", async () => {
    const file = fileUpload(
      "trail.geojson",
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { name: "导入" },
            geometry: rectangle(116.9, 40.5, 116.901, 40.501),
          },
        ],
      }),
      "application/geo+json",
    );
    const uploaded = await t.app.inject({ method: "POST", url: "/api/imports", ...file });
    expect(uploaded.statusCode).toBe(201);
    const committed = await t.app.inject({
      method: "POST",
      url: `/api/imports/${uploaded.json().id}/commit`,
      payload: { parkId, level: "municipal" },
    });
    expect(committed.statusCode).toBe(201);
    const [{ id }] = committed.json().blocks;
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${id}/actions/apply`,
      payload: { version: 1, reason: "申报" },
    });
    expect(applied.statusCode).toBe(200);
    const trail = (await t.app.inject({ method: "GET", url: `/api/audit?blockId=${id}` })).json();
    expect(trail.events.map((event: { action: string }) => event.action)).toEqual([
      "block.apply",
      "import.commit",
    ]);
  });
});

describe("the export", () => {
  it("writes CSV and XLSX of the filtered rows, a formula-like actor kept as text", async () => {
    await createBlock(116.36, '=HYPERLINK("http://x")');
    const csv = await t.app.inject({
      method: "GET",
      url: "/api/audit/export?format=csv&action=block.create",
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const total = (await t.app.inject({ method: "GET", url: "/api/audit?action=block.create" })).json().total;
    expect(lines).toHaveLength(total + 1);
    expect(lines.at(-1)).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines.some((line) => /(^|,)=/.test(line))).toBe(false);

    const xlsx = await t.app.inject({
      method: "GET",
      url: "/api/audit/export?format=xlsx&action=block.create",
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(total + 1);
    const actorCell = sheet.getRow(sheet.rowCount).getCell(4);
    expect(actorCell.value).toBe(`'=HYPERLINK("http://x")`);
    expect(actorCell.formula).toBeUndefined();
  });
});

describe("the database keeps the trail as written", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of audit rows", async () => {
    await createBlock(116.3);
    const [{ id }] = await t.db.knex("audit_events").max("id as id");
    await expect(
      t.db.knex("audit_events").where({ id }).update({ actor_name: "someone else" }),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.knex("audit_events").where({ id }).delete()).rejects.toThrow(/append-only/);
    await expect(t.db.knex.raw("truncate audit_events")).rejects.toThrow(/append-only/);
    expect((await t.db.knex("audit_events").where({ id }).first()).actor_name).toBe("planner-a");
  });
});

describe("the hash chain", () => {
  it("each row names the previous row's hash", async () => {
    await createBlock(116.32);
    await createBlock(116.34);
    const rows = await auditRows();
    expect(rows.length).toBeGreaterThan(2);
    for (let index = 1; index < rows.length; index++)
      expect(rows[index].prev_hash).toBe(rows[index - 1].hash);
    expect(rows[0].prev_hash).toBe("0".repeat(64));
    expect(await verify()).toEqual({ ok: true, rows: rows.length });
  });

  it("concurrent writes keep one chain (no two rows name the same previous hash)", async () => {
    const writes = Array.from({ length: 8 }, (_, index) => createBlock(116.4 + index * 0.012));
    await Promise.all(writes);
    const rows = await auditRows();
    expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(rows.length);
    expect((await verify()).ok).toBe(true);
  });

  it("appends in parallel transactions (no other lock in their way) still form one chain", async () => {
    const actor = { accountId: null, actorName: "parallel", roles: [], requestId: null, clientAddress: null };
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        t.db.knex.transaction((trx) =>
          appendAudit(trx, { actor, action: "test.parallel", entity: "test", entityId: index }),
        ),
      ),
    );
    const rows = await auditRows();
    expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(rows.length);
    expect((await verify()).ok).toBe(true);
  });

  it("appendAudit called directly in one transaction with other appends chains them in order", async () => {
    const actor = { accountId: null, actorName: "script", roles: [], requestId: null, clientAddress: null };
    const [first, second] = await t.db.knex.transaction(async (trx) => [
      await appendAudit(trx, { actor, action: "test.first", entity: "test", after: { when: new Date(0) } }),
      await appendAudit(trx, { actor, action: "test.second", entity: "test" }),
    ]);
    expect(second.prevHash).toBe(first.hash);
    // Stored as jsonb hands it back: the date as text, so the row reads back with the hash it was given.
    expect(first.after).toEqual({ when: "1970-01-01T00:00:00.000Z" });
    expect((await verify()).ok).toBe(true);
  });

  it("a row removed from the database (triggers off) breaks the next row's link", async () => {
    const rows = await auditRows();
    const removed = rows[Math.floor((rows.length * 3) / 4)];
    await withTriggersOff("delete from audit_events where id = ?", [removed.id]);
    const next = rows[rows.indexOf(removed) + 1];
    expect(await verify()).toEqual({
      ok: false,
      rows: rows.indexOf(removed),
      firstBrokenId: Number(next.id),
      reason: "prev-hash-mismatch",
    });
  });

  it("a row altered in the database (triggers off) is named by verify, before any later break", async () => {
    const rows = await auditRows();
    const target = rows[Math.floor(rows.length / 4)];
    await withTriggersOff("update audit_events set after = ?::jsonb where id = ?", [
      canonicalJson({ ...target.after, name: "篡改" }),
      target.id,
    ]);
    expect(await verify()).toEqual({
      ok: false,
      rows: rows.findIndex((row) => row.id === target.id),
      firstBrokenId: Number(target.id),
      reason: "hash-mismatch",
    });
  });
});
