import type { FastifyInstance } from "fastify";
import { Value } from "typebox/value";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoEvaluationsIfEmpty } from "../../server/db/evaluation-demo.js";
import { BlockListPage } from "../../server/schemas/blocks.js";
import { startTestApp } from "../helpers/test-app.js";

/**
 * Closed response schemas (`additionalProperties: false`) make the serializer drop any field they do not list.
 * This test records what each handler returned (preSerialization) and fails on every field the client would
 * not see: a closed schema must list everything its route returns.
 */
let app: FastifyInstance;
let close: () => Promise<void>;
const returned = new Map<string, unknown>();

beforeAll(async () => {
  // The harness's app (signed in as its all-permissions account), with the recording hook added before ready.
  const t = await startTestApp({
    beforeReady: (built) =>
      built.addHook("preSerialization", async (request, _reply, payload) => {
        returned.set(request.id, JSON.parse(JSON.stringify(payload)));
        return payload;
      }),
  });
  app = t.app;
  await loadDemoEvaluationsIfEmpty(t.db.knex);
  close = t.close;
});
afterAll(() => close());

/** Paths of fields in `handler` that are missing from `sent` (arrays compared item by item). */
function dropped(handler: unknown, sent: unknown, path = "$"): string[] {
  if (Array.isArray(handler)) {
    if (!Array.isArray(sent)) return [path];
    return handler.flatMap((item, index) => dropped(item, sent[index], `${path}[${index}]`));
  }
  if (typeof handler === "object" && handler !== null) {
    if (typeof sent !== "object" || sent === null) return [path];
    const out = sent as Record<string, unknown>;
    return Object.entries(handler).flatMap(([key, value]) =>
      key in out ? dropped(value, out[key], `${path}.${key}`) : [`${path}.${key}`],
    );
  }
  return [];
}

async function droppedFields(
  url: string,
  method: "GET" | "PUT" | "POST" | "PATCH" = "GET",
  payload?: object,
) {
  returned.clear();
  const response = await app.inject({ method, url, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
  expect(returned.size, `${method} ${url}: one handler result recorded`).toBe(1);
  const handler = [...returned.values()][0];
  returned.clear();
  return dropped(handler, response.json());
}

describe("closed response schemas drop nothing a route returns", () => {
  it("finds a field missing at any depth", () => {
    const handler = { a: 1, b: { c: 2, d: [{ e: 3 }, { e: 4, f: 5 }] } };
    expect(dropped(handler, { a: 1, b: { c: 2, d: [{ e: 3 }, { e: 4 }] } })).toEqual(["$.b.d[1].f"]);
    expect(dropped(handler, { b: { d: [] } })).toEqual(["$.a", "$.b.c", "$.b.d[0]", "$.b.d[1]"]);
  });

  it("blocks, a block, its history", async () => {
    const blocks = (await app.inject({ url: "/api/blocks" })).json();
    const id = blocks.features[0].properties.id;
    // GET /api/blocks sends the JSON text the database built (block-list.ts): no serializer runs, so nothing
    // can be dropped; what is checked instead is that the text has the documented shape.
    returned.clear();
    const list = await app.inject({ url: "/api/blocks" });
    expect(returned.size, "GET /api/blocks is sent as the database's text").toBe(0);
    expect([...Value.Errors(BlockListPage, list.json())].map((error) => error.message)).toEqual([]);
    expect(list.json().features.length).toBe(blocks.features.length);
    expect(await droppedFields(`/api/blocks/${id}`)).toEqual([]);
    expect(await droppedFields(`/api/blocks/${id}/history`)).toEqual([]);
    const renamed = { properties: { name: "字段检查" }, version: blocks.features[0].properties.version };
    expect(await droppedFields(`/api/blocks/${id}`, "PATCH", renamed)).toEqual([]);
  });

  it("parks, a park, its shares", async () => {
    expect(await droppedFields("/api/parks")).toEqual([]);
    const [park] = (await app.inject({ url: "/api/parks" })).json();
    expect(await droppedFields(`/api/parks/${park.id}`)).toEqual([]);
    expect(await droppedFields(`/api/parks/${park.id}/shares`)).toEqual([]);
    expect(await droppedFields(`/api/parks/${park.id}/official-area`)).toEqual([]);
    const official = {
      areaKm2: 10,
      approvalReference: "京政函〔2024〕1号（测试）",
      approvedOn: "2024-05-20",
    };
    expect(await droppedFields(`/api/parks/${park.id}/official-area`, "PUT", official)).toEqual([]);
    expect(await droppedFields(`/api/parks/${park.id}/official-area`)).toEqual([]);
  });

  it("settings", async () => {
    expect(await droppedFields("/api/settings")).toEqual([]);
    expect(await droppedFields("/api/settings", "PUT", { shareAtThreshold: "above" })).toEqual([]);
  });

  it("evaluations: indicators, weights, ranking, recommendations, transitions, flags, rectifications", async () => {
    const blocks = (await app.inject({ url: "/api/blocks" })).json();
    const eco = blocks.features.find(
      (feature: { properties: { code: string } }) => feature.properties.code === "yanqing-kangzhuang",
    );
    const transition = `/api/evaluations/transitions/${eco.properties.id}`;
    const terms = { endsOn: "2028-06-30", commitments: { revenueAdded: 5000 }, decidedOn: "2024-01-15" };
    expect(await droppedFields(transition, "PUT", terms)).toEqual([]);
    expect(await droppedFields(transition)).toEqual([]);
    expect(await droppedFields("/api/evaluations/indicators")).toEqual([]);
    expect(await droppedFields("/api/evaluations/2024/ranking?rounding=ceil")).toEqual([]);
    expect(await droppedFields("/api/evaluations/2024/flag-bottom", "POST")).toEqual([]);
    expect(await droppedFields("/api/evaluations/2024/approval")).toEqual([]);
    for (const year of [2024, 2025]) {
      expect(await droppedFields(`/api/evaluations/${year}/indicators`)).toEqual([]);
      expect(await droppedFields(`/api/evaluations/${year}/weights`)).toEqual([]);
      expect(await droppedFields(`/api/evaluations/${year}/ranking`)).toEqual([]);
      expect(await droppedFields(`/api/evaluations/${year}/recommendations`)).toEqual([]);
      expect(await droppedFields(`/api/evaluations/${year}/flags`)).toEqual([]);
    }
    expect(await droppedFields("/api/evaluations/transitions")).toEqual([]);
    expect(await droppedFields("/api/evaluations/rectifications")).toEqual([]);
  });

  it("jobs: an overlap report job and its state", async () => {
    const started = await app.inject({ method: "POST", url: "/api/reports/overlaps", payload: {} });
    expect(started.statusCode).toBe(202);
    expect(await droppedFields(`/api/jobs/${started.json().id}`)).toEqual([]);
  });
});
