import type { Position } from "geojson";
import { arcPositions, bulgePositions } from "./dxf-arcs.js";
import { type ImportNote, importNote } from "./import-notes.js";

/**
 * HATCH entities, which dxf-parser 1.1.2 skips and GDAL's DXF driver writes for every polygon: read from the
 * raw group codes of the ENTITIES section. Each boundary path is one ring: a polyline path (92 bit 2, with
 * bulges 42) or an edge path of lines (72=1) and circular arcs (72=2); elliptic arcs and splines (72=3, 4)
 * are reported, not guessed. Reference: AutoCAD DXF Reference, "HATCH" and "Boundary Path Data".
 */
export interface HatchRing {
  handle: string;
  layer: string;
  positions: Position[];
}

export interface HatchReading {
  entities: number;
  rings: HatchRing[];
  /** Paths that could not be read: codes with params and the English sentences. */
  problems: ImportNote[];
}

type Pair = [code: number, value: string];

/** The HATCH entities of an ASCII DXF, each boundary path a closed ring. */
export function readHatches(text: string, toleranceUnits: number): HatchReading {
  const pairs = groupPairs(text);
  const reading: HatchReading = { entities: 0, rings: [], problems: [] };
  const start = entitiesStart(pairs);
  if (start < 0) return reading;
  for (let at = start; at < pairs.length; at++) {
    const [code, value] = pairs[at];
    if (code === 0 && value === "ENDSEC") break;
    if (code !== 0 || value !== "HATCH") continue;
    let end = at + 1;
    while (end < pairs.length && pairs[end][0] !== 0) end++;
    reading.entities++;
    readHatch(pairs.slice(at + 1, end), toleranceUnits, reading);
    at = end - 1;
  }
  return reading;
}

function groupPairs(text: string): Pair[] {
  const lines = text.split(/\r?\n/);
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) pairs.push([Number(lines[i].trim()), lines[i + 1].trim()]);
  return pairs;
}

function entitiesStart(pairs: Pair[]): number {
  for (let i = 0; i + 1 < pairs.length; i++) {
    if (
      pairs[i][0] === 0 &&
      pairs[i][1] === "SECTION" &&
      pairs[i + 1][0] === 2 &&
      pairs[i + 1][1] === "ENTITIES"
    )
      return i + 2;
  }
  return -1;
}

/** A cursor over one entity's pairs. */
class Cursor {
  at = 0;
  constructor(readonly pairs: Pair[]) {}
  /** The value of the next pair with `code`, searching forward no further than a pair with `stop`. */
  next(code: number): string | undefined {
    while (this.at < this.pairs.length) {
      const [found, value] = this.pairs[this.at++];
      if (found === code) return value;
    }
    return undefined;
  }
  number(code: number): number {
    return Number(this.next(code));
  }
  /** Every pair read: loops over declared counts stop here (a count is never trusted). */
  get done(): boolean {
    return this.at >= this.pairs.length;
  }
  peek(): Pair | undefined {
    return this.pairs[this.at];
  }
}

function readHatch(pairs: Pair[], tolerance: number, reading: HatchReading): void {
  const handle = pairs.find(([code]) => code === 5)?.[1] ?? String(reading.entities);
  const layer = pairs.find(([code]) => code === 8)?.[1] ?? "";
  const cursor = new Cursor(pairs);
  // Group 91 (number of boundary paths) follows the pattern name (2) and solid flag (70).
  const pathCount = cursor.number(91);
  for (let path = 0; path < pathCount && !cursor.done; path++) {
    const flags = cursor.number(92);
    const positions =
      flags & 2 ? polylinePath(cursor, tolerance) : edgePath(cursor, tolerance, reading, handle);
    if (positions && positions.length >= 3)
      reading.rings.push({ handle, layer, positions: closed(positions) });
    // Source boundary objects: 97 count, then that many 330 handles.
    const sources = cursor.number(97);
    for (let i = 0; i < sources && !cursor.done; i++) cursor.next(330);
  }
}

function polylinePath(cursor: Cursor, tolerance: number): Position[] {
  const hasBulge = cursor.number(72) !== 0;
  cursor.number(73); // is closed: a boundary path always is
  const count = cursor.number(93);
  const vertices: { x: number; y: number; bulge: number }[] = [];
  for (let i = 0; i < count && !cursor.done; i++) {
    const x = cursor.number(10);
    const y = cursor.number(20);
    const bulge = hasBulge && cursor.peek()?.[0] === 42 ? cursor.number(42) : 0;
    vertices.push({ x, y, bulge });
  }
  const positions: Position[] = [];
  vertices.forEach((vertex, i) => {
    positions.push([vertex.x, vertex.y]);
    const next = vertices[(i + 1) % vertices.length];
    if (vertex.bulge !== 0)
      positions.push(...bulgePositions([vertex.x, vertex.y], [next.x, next.y], vertex.bulge, tolerance));
  });
  return positions;
}

function edgePath(
  cursor: Cursor,
  tolerance: number,
  reading: HatchReading,
  handle: string,
): Position[] | undefined {
  const edges = cursor.number(93);
  const positions: Position[] = [];
  for (let edge = 0; edge < edges && !cursor.done; edge++) {
    const type = cursor.number(72);
    if (type === 1) {
      const from = [cursor.number(10), cursor.number(20)];
      cursor.number(11);
      cursor.number(21);
      positions.push(from);
    } else if (type === 2) {
      const centre = [cursor.number(10), cursor.number(20)];
      const radius = cursor.number(40);
      const startDeg = cursor.number(50);
      const endDeg = cursor.number(51);
      const anticlockwise = cursor.number(73) !== 0;
      positions.push(
        ...arcPositions(centre, radius, startDeg, endDeg, anticlockwise, tolerance).slice(0, -1),
      );
    } else {
      const edge = type === 3 ? "elliptic-arc" : type === 4 ? "spline" : String(type);
      reading.problems.push(
        importNote(
          "dxf-hatch-edge-skipped",
          { handle, edge },
          `HATCH ${handle}: a boundary edge of type ${edge.replace("-", " ")} is not read; the path was passed over.`,
        ),
      );
      return undefined;
    }
  }
  return positions;
}

function closed(positions: Position[]): Position[] {
  const first = positions[0];
  const last = positions[positions.length - 1];
  return first[0] === last[0] && first[1] === last[1] ? positions : [...positions, first];
}
