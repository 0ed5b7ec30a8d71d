/**
 * Hostile uploads, generated here (never committed binaries): each is small and makes a naive reader loop,
 * exhaust memory or trust a count it should not (issue 15).
 */
const dxf = (lines: (string | number)[]) => `${lines.join("\n")}\n`;
const ENTITIES = [0, "SECTION", 2, "ENTITIES"];
const END = [0, "ENDSEC", 0, "EOF"];

/** A ~140-byte DXF whose LWPOLYLINE declares 2,147,483,647 vertices (group code 90) and has three. */
export function dxfHugeVertexCount(): string {
  return dxf([...ENTITIES, 0, "LWPOLYLINE", 8, "0", 90, 2147483647, 70, 1])
    .concat(dxf([10, 440000.5, 20, 4430000.5, 10, 440100.5, 20, 4430000.5, 10, 440100.5, 20, 4430100.5]))
    .concat(dxf(END));
}

/** A DXF with NaN and Infinity coordinates. */
export function dxfNotFinite(): string {
  const ring = [10, "NaN", 20, 4430000, 10, 440100, 20, 4430000, 10, 440100, 20, "Infinity"];
  return dxf([...ENTITIES, 0, "LWPOLYLINE", 8, "0", 90, 3, 70, 1, ...ring, ...END]);
}

/** 40,000 nested closed squares: the ring nesting is O(n²) if it runs before the cap. */
export function dxfManyRings(count = 40_000): string {
  const lines: (string | number)[] = [...ENTITIES];
  for (let i = 0; i < count; i++) {
    const d = i * 0.001;
    const [x0, y0, x1, y1] = [440000 + d, 4430000 + d, 440100 - d, 4430100 - d];
    lines.push(
      0,
      "LWPOLYLINE",
      8,
      "0",
      90,
      4,
      70,
      1,
      10,
      x0,
      20,
      y0,
      10,
      x1,
      20,
      y0,
      10,
      x1,
      20,
      y1,
      10,
      x0,
      20,
      y1,
    );
  }
  return dxf([...lines, ...END]);
}

/** A HATCH declaring 2^31 boundary paths with none written. */
export function dxfHatchHugeCounts(): string {
  return dxf([
    ...ENTITIES,
    0,
    "HATCH",
    5,
    "1F",
    8,
    "0",
    2,
    "SOLID",
    70,
    1,
    91,
    2147483647,
    92,
    2,
    72,
    0,
    73,
    1,
    93,
    2147483647,
    ...END,
  ]);
}

/** A HATCH whose arc edge starts at 1e300° (a += 2π loop never ends) with a radius of 1e12. */
export function dxfHatchEndlessArc(): string {
  const edge = [72, 2, 10, 440000, 20, 4430000, 40, 1e12, 50, 1e300, 51, 0, 73, 1];
  return dxf([
    ...ENTITIES,
    0,
    "HATCH",
    5,
    "2F",
    8,
    "0",
    2,
    "SOLID",
    70,
    1,
    91,
    1,
    92,
    0,
    93,
    1,
    ...edge,
    97,
    0,
    ...END,
  ]);
}
