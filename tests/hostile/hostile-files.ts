/**
 * Hostile uploads, generated here (never committed binaries): each is small and makes a naive reader loop,
 * exhaust memory or trust a count it should not (issue 15).
 */
const dxf = (lines: (string | number)[]) => `${lines.join("\n")}\n`;

/** A 140-byte DXF whose LWPOLYLINE declares 2,147,483,647 vertices (group code 90). */
export function dxfHugeVertexCount(): string {
  return dxf([0, "SECTION", 2, "ENTITIES", 0, "LWPOLYLINE", 8, "0", 90, 2147483647, 70, 1]).concat(
    dxf([10, 0, 20, 0, 10, 1, 20, 0, 10, 1, 20, 1, 0, "ENDSEC", 0, "EOF"]),
  );
}
