/**
 * QGIS's "Overlap analysis" (native:calculatevectoroverlaps) on the bench database, for the overlap-report row
 * of issue #16: the live blocks as input, one overlay layer per zone kind (a view each, so each gets its own
 * `<layer>_area` column), read straight from PostgreSQL through QGIS's PostGIS provider. Runs twice: with the
 * GRS 1980 ellipsoid (what a user would run; timed) and without one (areas in degrees², the plane of the lon/lat
 * coordinates), because QGIS 3.22's ellipsoidal polygon area is its own approximation, not GeographicLib's as
 * PostGIS's geography area is: the planar run is the like-for-like check of the dissolved quantity.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Knex } from "knex";

const ENV = { ...process.env, QT_QPA_PLATFORM: "offscreen" };

/**
 * The qgis_process to run, or undefined. Debian's `qgis_process` wrapper passes `--noversioncheck`, which
 * qgis_process 3.22 refuses ("Command --noversioncheck not known!"): its `qgis_process.bin` is tried first.
 */
export function qgisProcess(): string | undefined {
  for (const command of ["qgis_process.bin", "qgis_process"]) {
    try {
      const out = execFileSync(command, ["--version"], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
      if (/QGIS/i.test(out.toString())) return command;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export interface QgisOverlaps {
  version: string;
  /** The ellipsoidal run (GRS 1980), ms, and its total overlap, m². */
  ellipsoidMs: number;
  ellipsoidTotalM2: number;
  /** The planar run's total overlap in degrees² (lon/lat plane). */
  planarTotalDeg2: number;
}

function providerUri(url: URL, table: string): string {
  const password = url.password ? ` password='${decodeURIComponent(url.password)}'` : "";
  return (
    `postgres://dbname='${url.pathname.slice(1)}' host=${url.hostname} port=${url.port || 5432} ` +
    `user='${decodeURIComponent(url.username)}'${password} sslmode=disable key='id' srid=4490 ` +
    `type=MultiPolygon table="public"."${table}" (geom)`
  );
}

/** Sums every `*_area` column of QGIS's CSV output. */
function totalOfAreaColumns(csv: string): number {
  const [header, ...lines] = csv.trim().split("\n");
  const names = header.split(",");
  const columns = names.flatMap((name, i) => (name.endsWith("_area") ? [i] : []));
  if (columns.length === 0) throw new Error(`QGIS output without area columns: ${header}`);
  let total = 0;
  for (const line of lines) {
    const cells = line.split(",").map((cell) => cell.replace(/^"|"$/g, ""));
    for (const i of columns) total += Number(cells[i] || 0);
  }
  return total;
}

/** Runs QGIS's overlap analysis on the database at `databaseUrl` (the blocks and zones of the bench). */
export async function qgisOverlaps(command: string, knex: Knex, databaseUrl: string): Promise<QgisOverlaps> {
  const url = new URL(databaseUrl);
  const kinds = (await knex("zones").distinct("kind").orderBy("kind")).map((row) => String(row.kind));
  const views = kinds.map((_, i) => `qgis_zone_layer_${i}`);
  // Only id and geometry in QGIS's input, so its CSV output has no text cells to quote.
  await knex.raw(
    "create or replace view qgis_live_blocks as select id, geom from blocks where status not in ('exited', 'withdrawn')",
  );
  for (const [i, kind] of kinds.entries())
    await knex.raw(
      `create or replace view ${views[i]} as select id, geom from zones where kind = '${kind.replace(/'/g, "''")}'`,
    );
  const folder = mkdtempSync(path.join(tmpdir(), "bench-qgis-"));
  const run = (ellipsoid: string, output: string) => {
    const started = performance.now();
    execFileSync(
      command,
      [
        "run",
        "native:calculatevectoroverlaps",
        `--ELLIPSOID=${ellipsoid}`,
        `--INPUT=${providerUri(url, "qgis_live_blocks")}`,
        ...views.map((view) => `--LAYERS=${providerUri(url, view)}`),
        `--OUTPUT=${output}`,
      ],
      { env: ENV, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 },
    );
    return [performance.now() - started, totalOfAreaColumns(readFileSync(output, "utf8"))] as const;
  };
  try {
    const version = execFileSync(command, ["--version"], { env: ENV })
      .toString()
      .match(/QGIS\s+(\S+)/i)?.[1];
    const [ellipsoidMs, ellipsoidTotalM2] = run("EPSG:7019", path.join(folder, "ellipsoid.csv"));
    const [, planarTotalDeg2] = run("NONE", path.join(folder, "planar.csv"));
    return { version: version ?? "?", ellipsoidMs, ellipsoidTotalM2, planarTotalDeg2 };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    for (const view of ["qgis_live_blocks", ...views]) await knex.raw(`drop view if exists ${view}`);
  }
}
