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
