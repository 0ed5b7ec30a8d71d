/**
 * 界址点 — boundary-point coordinate files, as the ministries and land departments exchange them
 * (the 自然资源部 exchange layout: an `[属性描述]` header stating the system and zone, then `[地块坐标]`
 * with one parcel line ending in `@` and its points `点号,圈号,X,Y`). Surveying convention: X is the
 * NORTHING, Y the EASTING (here with the zone number in front, e.g. 39512345.67). Every ring ends with its
 * first point repeated, and 圈号 (ring number) marks which ring a point belongs to.
 * Pure text in and out: positions are Gauss-Krüger metres; callers project them (crs-transform.ts).
 */

export interface BoundaryPoint {
  /** 点号, e.g. "J1". */
  name: string;
  northing: number;
  easting: number;
}

export interface BoundaryRing {
  /** 圈号, 1-based within the parcel. */
  ringNumber: number;
  role: "outer" | "hole";
  /** Closed: the last point repeats the first. */
  points: BoundaryPoint[];
}

export interface BoundaryParcel {
  name: string;
  code: string;
  /** 地块面积 in 公顷, as stated in the file. */
  areaHectares?: number;
  /** 地块用途 (free text). */
  use?: string;
  rings: BoundaryRing[];
}

export interface BoundaryFileHeader {
  /** 坐标系 as written, e.g. "2000国家大地坐标系". */
  coordinateSystem?: string;
  /** 带号: the Gauss-Krüger zone. */
  zone?: number;
  /** 几度分带: 3 or 6. */
  zoneWidthDeg?: number;
  producer?: string;
  date?: string;
}

export interface BoundaryFile {
  header: BoundaryFileHeader;
  parcels: BoundaryParcel[];
}

/** Positions of a ring to write, [easting, northing] in metres (easting with the zone prefix if wanted). */
export interface RingToWrite {
  role: "outer" | "hole";
  positions: [number, number][];
}

export interface ParcelToWrite {
  name: string;
  code: string;
  areaHectares: number;
  use: string;
  /** Rings of all parts, each part's outer ring before its holes. */
  rings: RingToWrite[];
}

const FORMAT_VERSION = "1.01版本";
const PRECISION_M = 0.01; // coordinates to 0.01 m (issue 7)

/**
 * Writes the exchange file. Outer rings are numbered clockwise from their north-westernmost corner,
 * holes anticlockwise; point numbers run on across the rings and each ring closes on its first number.
 */
export function writeBoundaryFile(
  header: Required<Omit<BoundaryFileHeader, "zoneWidthDeg">>,
  parcels: ParcelToWrite[],
): string {
  const lines = [
    "[属性描述]",
    `格式版本号=${FORMAT_VERSION}`,
    `数据产生单位=${header.producer}`,
    `数据产生日期=${header.date}`,
    `坐标系=${header.coordinateSystem}`,
    "几度分带=3",
    "投影类型=高斯克吕格",
    "计量单位=米",
    `带号=${header.zone}`,
    `精度=${PRECISION_M}`,
    "转换参数=,,,,,,",
    "[地块坐标]",
  ];
  for (const parcel of parcels) {
    const pointLines = numberRings(parcel.rings).flatMap((ring) =>
      ring.points.map(
        (point) =>
          `${point.name},${ring.ringNumber},${point.northing.toFixed(2)},${point.easting.toFixed(2)}`,
      ),
    );
    lines.push(
      `${pointLines.length},${parcel.areaHectares.toFixed(4)},${clean(parcel.code)},${clean(parcel.name)},面,,${clean(parcel.use)},,@`,
      ...pointLines,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Numbers the rings' points as the file and the printed map show them: J1, J2, … running on across the
 * rings (圈号 1, 2, …), each ring closed by repeating its first point and number.
 */
export function numberRings(rings: RingToWrite[]): BoundaryRing[] {
  let nextNumber = 1;
  return rings.map((ring, index) => {
    const points = orderRing(ring).map(([easting, northing]) => ({
      name: `J${nextNumber++}`,
      northing,
      easting,
    }));
    return { ringNumber: index + 1, role: ring.role, points: [...points, points[0]] };
  });
}

/** Commas would break the fields: replaced by the full-width comma. */
function clean(text: string): string {
  return text.replace(/[,\r\n]/g, "，");
}

/** The ring without its closing point, rotated and oriented as the convention wants. */
function orderRing(ring: RingToWrite): [number, number][] {
  let open = ring.positions.slice();
  const first = open[0];
  const last = open[open.length - 1];
  if (first[0] === last[0] && first[1] === last[1]) open = open.slice(0, -1);
  const clockwise = signedAreaM2(open) < 0;
  if (clockwise !== (ring.role === "outer")) open.reverse();
  let start = 0;
  for (let i = 1; i < open.length; i++) {
    // North-west: the largest northing minus easting.
    if (open[i][1] - open[i][0] > open[start][1] - open[start][0]) start = i;
  }
  return [...open.slice(start), ...open.slice(0, start)];
}

/** Shoelace area of an open ring of [x, y]; positive when anticlockwise. */
export function signedAreaM2(ring: [number, number][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

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
