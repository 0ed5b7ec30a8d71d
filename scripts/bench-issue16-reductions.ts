/**
 * Issue #16's reduction rows on stored benchmark blocks: every inset and cut result checked by this script's
 * own PostGIS query in the storage CRS (ST_CoveredBy, ST_Area(ST_Difference)), and the solver's median time
 * against a plain-PostGIS solve of the same target measured in the same run (one query a step: Newton on the
 * buffer distance with the perimeter as slope for the inset; regula falsi on the offset of a half-plane for the
 * cut; no checks, no clip, no GeoJSON out).
 */
import type { Knex } from "knex";
import type { Database } from "../server/db/connect.js";
import { GK_ZONE_39_SRID, multiPolygonFromGeoJson } from "../server/db/geometry.js";
import { reduceGeometry } from "../server/db/reduction-run.js";
import { cutNormal, halfPlane, offsetRange } from "../server/domain/reduction-cut.js";
import { SOLVER_RELATIVE_TOLERANCE } from "../server/domain/reduction-result.js";
import { ms, percentile, type TableRow, timed, times } from "./bench-table.js";

const GK = GK_ZONE_39_SRID;
const MAX_STEPS = 60;

interface Step {
  areaM2: number;
  planarM2: number;
  perimeterM: number;
}

async function insetStep(knex: Knex, geoJson: string, distanceM: number): Promise<Step> {
  const row = (
    await knex.raw(
      `select ST_Area(ST_Transform(k, 4490)::geography) as area, ST_Area(k) as planar, ST_Perimeter(k) as perimeter
         from (select ST_Buffer(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490), ${GK}), ?) as k) s`,
      [geoJson, -distanceM],
    )
  ).rows[0];
  return { areaM2: Number(row.area), planarM2: Number(row.planar), perimeterM: Number(row.perimeter) };
}

/** Plain PostGIS inset: Newton on the buffer distance (slope: the perimeter, scaled to the ellipsoid). */
async function plainInset(knex: Knex, geoJson: string, targetM2: number): Promise<number> {
  let distance = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const { areaM2, planarM2, perimeterM } = await insetStep(knex, geoJson, distance);
    if (Math.abs(areaM2 - targetM2) <= SOLVER_RELATIVE_TOLERANCE * targetM2) return step + 1;
    distance += (areaM2 - targetM2) / (perimeterM * (areaM2 / planarM2));
  }
  return MAX_STEPS;
}

/** Plain PostGIS cut: regula falsi (Illinois) on the offset of the kept half-plane. */
async function plainCut(
  knex: Knex,
  geoJson: string,
  targetM2: number,
  angleDegrees: number,
): Promise<number> {
  const box = (
    await knex.raw(
      `select ST_XMin(g) as xmin, ST_YMin(g) as ymin, ST_XMax(g) as xmax, ST_YMax(g) as ymax,
              ST_X(ST_Centroid(g)) as cx, ST_Y(ST_Centroid(g)) as cy
         from (select ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490), ${GK}) as g) s`,
      [geoJson],
    )
  ).rows[0];
  const normal = cutNormal(angleDegrees, "left");
  if (!normal.ok) throw new Error(normal.message);
  const centroid = { x: Number(box.cx), y: Number(box.cy) };
  const bbox = {
    xmin: Number(box.xmin),
    ymin: Number(box.ymin),
    xmax: Number(box.xmax),
    ymax: Number(box.ymax),
  };
  const range = offsetRange(bbox, centroid, normal.normal);
  const extent = 2 * Math.hypot(bbox.xmax - bbox.xmin, bbox.ymax - bbox.ymin) + 1;
  const kept = async (offset: number) => {
    const ring = halfPlane(centroid, normal.normal, offset, extent)
      .map((p) => `${p.x} ${p.y}`)
      .join(", ");
    const row = (
      await knex.raw(
        `select ST_Area(ST_Transform(ST_Intersection(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490), ${GK}),
                  ST_GeomFromText(?, ${GK})), 4490)::geography) as area`,
        [geoJson, `POLYGON((${ring}))`],
      )
    ).rows[0];
    return Number(row.area);
  };
  // Kept area falls from the whole block (offset min) to nothing (offset max).
  let [lo, hi] = [range.min, range.max];
  let [fLo, fHi] = [(await kept(lo)) - targetM2, -targetM2];
  let side = 0;
  for (let step = 1; step <= MAX_STEPS; step++) {
    const x = hi - (fHi * (hi - lo)) / (fHi - fLo);
    const f = (await kept(x)) - targetM2;
    if (Math.abs(f) <= SOLVER_RELATIVE_TOLERANCE * targetM2) return step + 1;
    if (f > 0) {
      [lo, fLo] = [x, f];
      if (side === -1) fHi /= 2;
      side = -1;
    } else {
      [hi, fHi] = [x, f];
      if (side === 1) fLo /= 2;
      side = 1;
    }
  }
  return MAX_STEPS;
}

/** ST_CoveredBy and the area outside, by this script's own query in the storage CRS. */
async function containment(knex: Knex, result: string, original: string) {
  const row = (
    await knex.raw(
      `select ST_CoveredBy(r, o) as covered, ST_Area(ST_Difference(r, o)::geography) as outside
         from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as r, ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as o) s`,
      [result, original],
    )
  ).rows[0];
  return { covered: Boolean(row.covered), outsideM2: Number(row.outside) };
}

export async function reductionRows(
  db: Database,
  blockIds: number[],
  rand: () => number,
  count: number,
): Promise<TableRow[]> {
  const picked = Array.from({ length: count }, () => blockIds[Math.floor(rand() * blockIds.length)]);
  const blocks = await Promise.all(
    picked.map(async (id) => {
      const row = (
        await db.knex.raw(
          "select ST_AsGeoJSON(geom, 15, 0) as g, ST_Area(geom::geography) as area from blocks where id = ?",
          [id],
        )
      ).rows[0];
      return { geoJson: row.g as string, areaM2: Number(row.area) };
    }),
  );
  const tally = {
    inset: { ms: [] as number[], plain: [] as number[], ok: 0, covered: 0, worstOutside: 0, worstError: 0 },
    cut: { ms: [] as number[], plain: [] as number[], ok: 0, covered: 0, worstOutside: 0, worstError: 0 },
  };
  for (let i = 0; i < blocks.length; i++) {
    const { geoJson, areaM2 } = blocks[i];
    const targetAreaM2 = areaM2 * (i % 2 === 0 ? 0.5 : 0.75);
    const angleDegrees = Math.floor(rand() * 180);
    for (const strategy of ["inset", "cut"] as const) {
      const t = tally[strategy];
      const [took, outcome] = await timed(() =>
        reduceGeometry(db.knex, multiPolygonFromGeoJson(db.knex, JSON.parse(geoJson)), {
          strategy,
          largestPartOnly: false,
          targetAreaM2,
          floorM2: null,
          cut: strategy === "cut" ? { angleDegrees, keepSide: "left" } : undefined,
        }),
      );
      t.ms.push(took);
      const [plainMs] = await timed(() =>
        strategy === "inset"
          ? plainInset(db.knex, geoJson, targetAreaM2)
          : plainCut(db.knex, geoJson, targetAreaM2, angleDegrees),
      );
      t.plain.push(plainMs);
      if (!outcome.ok) continue;
      t.ok++;
      const check = await containment(db.knex, outcome.result.geoJson, geoJson);
      if (check.covered && check.outsideM2 === 0) t.covered++;
      t.worstOutside = Math.max(t.worstOutside, check.outsideM2);
      t.worstError = Math.max(t.worstError, Math.abs(outcome.result.areaM2 / targetAreaM2 - 1));
    }
  }
  const rows: TableRow[] = [];
  const { inset, cut } = tally;
  rows.push({
    measure: `cut reduction inside the original (${count} stored blocks, 50% / 75%, random bearings)`,
    measured: `cut: ${cut.covered} of ${cut.ok} exactly inside (worst outside ${cut.worstOutside} m²), worst target error ${cut.worstError.toExponential(1)}`,
    baseline: `inset: ${inset.covered} of ${inset.ok} exactly inside (worst outside ${inset.worstOutside} m²)`,
    ratio: "—",
    goal: "ST_CoveredBy true and ST_Difference area 0, always; target ±0.1%",
    pass:
      cut.ok === count &&
      inset.ok === count &&
      cut.covered === count &&
      inset.covered === count &&
      Math.max(cut.worstError, inset.worstError) <= 1e-3,
  });
  for (const [name, t] of Object.entries(tally)) {
    const median = percentile(t.ms, 0.5);
    const plainMedian = percentile(t.plain, 0.5);
    rows.push({
      measure: `reduction median, ${name} (the solver with its checks and clip)`,
      measured: `median ${ms(median)}, p95 ${ms(percentile(t.ms, 0.95))}`,
      baseline: `plain PostGIS solve to the same tolerance: median ${ms(plainMedian)}`,
      ratio: times(median, plainMedian),
      goal: "≤ 1.5× the plain-SQL baseline",
      pass: median <= 1.5 * plainMedian,
    });
  }
  return rows;
}
