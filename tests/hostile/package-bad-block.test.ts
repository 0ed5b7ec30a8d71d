import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multiPolygonFromGeoJson } from "../../server/db/geometry.js";
import { readZip } from "../../server/formats/zip-read.js";
import { rectangle } from "../helpers/geodesic.js";
import { readValue } from "../helpers/read-result.js";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 item 5: one block that cannot be exported does not break the catalogue package for the others.
 * Writes refuse such blocks today (200 attribute keys, GEOMETRY_MAX_VERTICES), so the test writes them as
 * data from before those limits, straight into the table: one with 2,001 attribute keys (every package was a
 * 500 "too many columns"), one of 150,000 vertices (`Maximum call stack size exceeded`). The package job still
 * succeeds with the good block, and its 说明.txt names each block left out and why.
 */
let t: TestApp;
const ids: Record<"good" | "keys" | "vertices", number> = { good: 0, keys: 0, vertices: 0 };
const KEY_COUNT = 2_001;
const VERTEX_COUNT = 150_000;

/** A ring of `count` positions (the last repeats the first) on a circle of about 300 m. */
function manyVertices(count: number, lng: number, lat: number): Polygon {
  const ring = Array.from({ length: count - 1 }, (_, i) => {
    const angle = (2 * Math.PI * i) / (count - 1);
    return [lng + 0.004 * Math.cos(angle), lat + 0.003 * Math.sin(angle)];
  });
  return { type: "Polygon", coordinates: [[...ring, ring[0]]] };
}

beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
  const park = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[3];
  for (const [i, key] of (["good", "keys", "vertices"] as const).entries()) {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(116.2 + i * 0.02, 39.72, 116.21 + i * 0.02, 39.73),
        properties: {
          code: `BAD-${key}`,
          name: `坏区块${key}`,
          parkId: park.id,
          level: "municipal",
          status: "recognized",
        },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.json().properties.id;
  }
  const attributes = Object.fromEntries(Array.from({ length: KEY_COUNT }, (_, i) => [`k${i}`, i]));
  await t.db
    .knex("blocks")
    .where({ id: ids.keys })
    .update({ attributes: JSON.stringify(attributes) });
  const knex = t.db.knex;
  await knex("blocks")
    .where({ id: ids.vertices })
    .update({ geom: multiPolygonFromGeoJson(knex, manyVertices(VERTEX_COUNT, 116.245, 39.725)) });
}, 120_000);
afterAll(async () => t?.close());

async function jobDone(id: number): Promise<Record<string, unknown>> {
  let job: Record<string, unknown> = {};
  const until = Date.now() + 240_000;
  while (Date.now() < until) {
    job = (await t.app.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
    if (["succeeded", "failed", "cancelled"].includes(job.state as string)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${id} did not end: ${JSON.stringify(job)}`);
}

describe("a block that cannot be exported", () => {
  it("is left out of the catalogue package and named in 说明.txt with its reason; the rest is built", async () => {
    const started = await t.app.inject({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: { ids: [ids.good, ids.keys, ids.vertices], encoding: "utf-8" },
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = await jobDone(started.json().id);
    expect(job.state, JSON.stringify(job)).toBe("succeeded");

    const file = await t.app.inject({ method: "GET", url: `/api/jobs/${started.json().id}/file` });
    expect(file.statusCode).toBe(200);
    const entries = new Map(
      readValue(await readZip(file.rawPayload)).map((entry) => [entry.name, entry.data]),
    );
    const boundaryFiles = [...entries.keys()].filter((name) => name.startsWith("界址点/"));
    expect(boundaryFiles).toHaveLength(1);
    expect(boundaryFiles[0]).toContain("BAD-good");
    const csv = new TextDecoder().decode(entries.get("GIS/blocks.csv"));
    expect(csv).toContain("BAD-good");
    expect(csv).not.toContain("BAD-keys");
    expect(csv).not.toContain("BAD-vertices");

    const notes = new TextDecoder().decode(entries.get("说明.txt"));
    const lines = notes.split("\r\n");
    const keysLine = lines.find((line) => line.includes("BAD-keys"));
    expect(keysLine, notes).toBeDefined();
    expect(keysLine).toContain("坏区块keys");
    expect(keysLine).toContain(String(KEY_COUNT));
    expect(keysLine).toContain("200");
    const verticesLine = lines.find((line) => line.includes("BAD-vertices"));
    expect(verticesLine, notes).toBeDefined();
    expect(verticesLine).toContain(String(VERTEX_COUNT));
    expect(verticesLine).toContain("100000");
    expect(notes).toContain("1 个区块");
  }, 300_000);
});
