import type {
  BoundaryFile,
  BoundaryFileHeader,
  BoundaryParcel,
  BoundaryPoint,
  BoundaryRing,
} from "./boundary-points.js";

/**
 * Reads 界址点 files (the layout and conventions are in boundary-points.ts): the exchange layout, or a
 * plain table of points.
 */
export type BoundaryFileReading = { ok: true; file: BoundaryFile } | { ok: false; message: string };

/**
 * Reads the exchange layout, or a plain table of `点号, [圈号,] X, Y` rows (comma, tab, semicolon or
 * spaces; an optional header row). In a plain table a blank line, a new 圈号 or a point repeating the
 * ring's first point ends a ring. Which rings are holes is decided from containment.
 */
export function readBoundaryFile(text: string): BoundaryFileReading {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header: BoundaryFileHeader = {};
  const sectionStart = lines.findIndex((line) => line.trim() === "[地块坐标]");
  for (const line of sectionStart >= 0 ? lines.slice(0, sectionStart) : []) {
    const [key, value] = line.split("=").map((part) => part?.trim());
    if (value === undefined || value === "") continue;
    if (key === "坐标系") header.coordinateSystem = value;
    if (key === "带号" && /^\d+$/.test(value)) header.zone = Number(value);
    if (key === "几度分带" && /^\d+$/.test(value)) header.zoneWidthDeg = Number(value);
    if (key === "数据产生单位") header.producer = value;
    if (key === "数据产生日期") header.date = value;
  }
  const body = sectionStart >= 0 ? lines.slice(sectionStart + 1) : lines;
  const parcels: { parcel: BoundaryParcel; rows: PointRow[] }[] = [];
  let current: { parcel: BoundaryParcel; rows: PointRow[] } | undefined;
  for (const [index, raw] of body.entries()) {
    const line = raw.trim();
    if (line === "") {
      if (current) current.rows.push({ kind: "break" });
      continue;
    }
    if (line.startsWith("#")) continue;
    if (line.endsWith("@")) {
      const fields = line.split(",").map((field) => field.trim());
      current = {
        parcel: {
          name: fields[3] ?? "",
          code: fields[2] ?? "",
          ...(Number.isFinite(Number.parseFloat(fields[1]))
            ? { areaHectares: Number.parseFloat(fields[1]) }
            : {}),
          ...(fields[6] ? { use: fields[6] } : {}),
          rings: [],
        },
        rows: [],
      };
      parcels.push(current);
      continue;
    }
    const row = pointRow(line);
    if (!row) {
      if (index === 0 || (current?.rows.length ?? 0) === 0) continue; // a header row
      return {
        ok: false,
        message: `Line ${lineNumber(sectionStart, index)} is not "点号, [圈号,] X, Y": ${line}`,
      };
    }
    if (!current) {
      current = { parcel: { name: "", code: "", rings: [] }, rows: [] };
      parcels.push(current);
    }
    current.rows.push(row);
  }
  const built: BoundaryParcel[] = [];
  for (const { parcel, rows } of parcels) {
    const rings = ringsOf(rows);
    if (rings.length === 0) continue;
    built.push({ ...parcel, rings: assignRoles(rings) });
  }
  if (built.length === 0)
    return { ok: false, message: "No boundary points found (expected 点号, X, Y rows)." };
  return { ok: true, file: { header, parcels: built } };
}

function lineNumber(sectionStart: number, index: number): number {
  return (sectionStart >= 0 ? sectionStart + 1 : 0) + index + 1;
}

type PointRow =
  | { kind: "point"; name: string; ringNumber?: number; northing: number; easting: number }
  | { kind: "break" };

function pointRow(line: string): PointRow | undefined {
  const fields = line
    .split(/[,\t;，]|\s+/)
    .map((field) => field.trim())
    .filter((field) => field !== "");
  if (fields.length < 2) return undefined;
  const numeric = (value: string) => /^[-+]?\d+(\.\d+)?$/.test(value);
  const northing = fields[fields.length - 2];
  const easting = fields[fields.length - 1];
  if (!numeric(northing) || !numeric(easting)) return undefined;
  const ring =
    fields.length >= 4 && /^\d+$/.test(fields[fields.length - 3])
      ? Number(fields[fields.length - 3])
      : undefined;
  return {
    kind: "point",
    name: fields.length > 2 ? fields[0] : "",
    ...(ring !== undefined ? { ringNumber: ring } : {}),
    northing: Number(northing),
    easting: Number(easting),
  };
}

/** Splits rows into closed rings: at a blank line, a change of 圈号, or the ring's first point repeated. */
function ringsOf(rows: PointRow[]): BoundaryPoint[][] {
  const rings: BoundaryPoint[][] = [];
  let ring: BoundaryPoint[] = [];
  let ringNumber: number | undefined;
  const finish = () => {
    if (ring.length > 0) rings.push(closed(ring));
    ring = [];
  };
  for (const row of rows) {
    if (row.kind === "break") {
      finish();
      continue;
    }
    if (row.ringNumber !== undefined && ringNumber !== undefined && row.ringNumber !== ringNumber) finish();
    ringNumber = row.ringNumber;
    ring.push({ name: row.name, northing: row.northing, easting: row.easting });
    const first = ring[0];
    if (ring.length > 3 && first.northing === row.northing && first.easting === row.easting) finish();
  }
  finish();
  return rings;
}

function closed(ring: BoundaryPoint[]): BoundaryPoint[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first.northing === last.northing && first.easting === last.easting ? ring : [...ring, first];
}

/** A ring inside an earlier outer ring is its hole; any other ring starts a new part. */
function assignRoles(rings: BoundaryPoint[][]): BoundaryRing[] {
  const result: BoundaryRing[] = [];
  rings.forEach((points, index) => {
    const insideOuter = result.some(
      (other) =>
        other.role === "outer" && containsPoint(other.points, points[0]) && !samePoints(other.points, points),
    );
    result.push({ ringNumber: index + 1, role: insideOuter ? "hole" : "outer", points });
  });
  return result;
}

function samePoints(a: BoundaryPoint[], b: BoundaryPoint[]): boolean {
  return (
    a.length === b.length &&
    a.every((point, i) => point.easting === b[i].easting && point.northing === b[i].northing)
  );
}

/** Even-odd test of a point against a closed ring (planar metres). */
function containsPoint(ring: BoundaryPoint[], point: BoundaryPoint): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (
      a.northing > point.northing !== b.northing > point.northing &&
      point.easting <
        ((b.easting - a.easting) * (point.northing - a.northing)) / (b.northing - a.northing) + a.easting
    ) {
      inside = !inside;
    }
  }
  return inside;
}
