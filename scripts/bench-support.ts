import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "../server/db/connect.js";

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every benchmark run measures the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fresh, empty database for a benchmark: a new database on the server of `serverUrl` (dropped afterwards),
 * or a PGlite when it is undefined (in memory; on disk in a temporary folder with BENCH_PGLITE_DISK=1).
 */
export async function benchDatabase(
  serverUrl: string | undefined,
  prefix: string,
): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  if (!serverUrl) {
    // BENCH_PGLITE_DISK=1: a fresh folder on disk, as `npm start` keeps its database (data/pglite), instead of
    // memory — where everything the database holds (a job's file chunks too) counts in the process's RSS.
    const dataDir = process.env.BENCH_PGLITE_DISK
      ? mkdtempSync(path.join(os.tmpdir(), `${prefix}-`))
      : "memory://";
    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    return {
      db,
      drop: async () => {
        await db.close();
        if (dataDir !== "memory://") rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const admin = await openDatabase({ databaseUrl: serverUrl, dataDir: "" });
  const name = `${prefix}_${process.pid}`;
  await admin.knex.raw(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      await admin.knex.raw(`drop database "${name}" with (force)`);
      await admin.close();
    },
  };
}

/**
 * A star-shaped ring around a centre (angles increase, so the polygon is simple): a wavy outline with a
 * little noise, like a digitised boundary; `roughness` 0..1 scales the noise.
 */
export function starRing(
  rand: () => number,
  lng: number,
  lat: number,
  radiusDeg: number,
  vertices: number,
  roughness = 0.4,
): number[][] {
  const ring: number[][] = [];
  const lobes = 3 + Math.floor(rand() * 5);
  const phase = rand() * 2 * Math.PI;
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    const r =
      radiusDeg *
      (1 - roughness / 2 + 0.25 * Math.sin(lobes * angle + phase) * roughness + (roughness / 2) * rand());
    ring.push([lng + (r * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180), lat + r * Math.sin(angle)]);
  }
  ring.push(ring[0]);
  return ring;
}
